import { assert } from '@strongroom/kernel';
import { TILE_WIDTH } from './tile-id.js';
import { assertTreeCount } from './tree-math.js';

/** The largest tile level a tile path may name (C2SP tlog-tiles: 0 to 63). */
const TILE_LEVEL_MAX = 63;

/**
 * A tile index as C2SP tlog-tiles path elements: zero-padded groups of three digits, all but the
 * last prefixed with `x`, so 1234067 is `x001/x234/067` (no file is also a directory).
 */
function tileIndexPath(tileIndex: number): string {
  assertTreeCount(tileIndex, 'tileIndex');
  const groups: string[] = [];
  let rest = tileIndex;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups
    .map((group, position) => (position < groups.length - 1 ? `x${group}` : group))
    .join('/');
}

/**
 * The C2SP tlog-tiles path of a tile, `tile/<L>/<N>[.p/<W>]`: `width` below 256 names a partial
 * tile; leave it out (or pass 256) for a full one.
 */
export function tilePath(tileLevel: number, tileIndex: number, width: number = TILE_WIDTH): string {
  assert(
    Number.isInteger(tileLevel) && tileLevel >= 0 && tileLevel <= TILE_LEVEL_MAX,
    'tile levels are 0 to 63',
  );
  assert(
    Number.isInteger(width) && width >= 1 && width <= TILE_WIDTH,
    'tiles are 1 to 256 hashes wide',
  );
  const path = `tile/${tileLevel}/${tileIndexPath(tileIndex)}`;
  return width === TILE_WIDTH ? path : `${path}.p/${width}`;
}
