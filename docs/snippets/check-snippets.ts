/**
 * Keeps the guides honest. Every TypeScript block in `docs/guides/*.md` starts with
 * `// snippet: <path>` naming a type-checked file under `docs/snippets/` or `examples/`, and the
 * rest of the block must appear in that file as consecutive lines (indented alike, so an excerpt
 * may be shown dedented). Every repository path in backticks must exist, and a test cited as
 * `` `path` "title" `` must have that title in that file. Run by the root `lint` script.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const GUIDES = join(ROOT, 'docs', 'guides');
const CODE_LANGUAGES = new Set(['ts', 'typescript', 'tsx', 'js', 'javascript', 'mjs', 'mts']);
const SNIPPET_MARKER = /^\/\/ snippet: (\S+)$/;
const SNIPPET_HOMES = ['docs/snippets/', 'examples/'];
const REPOSITORY_PATH = /`((?:packages|examples|docs|\.ci)\/[\w./-]+)`(?: "([^"]+)")?/g;
// A guide is a page, not a book: anything longer is a mistake worth stopping on.
const GUIDE_LENGTH_MAX = 256 * 1024;

interface CodeBlock {
  readonly language: string;
  readonly line: number;
  readonly lines: readonly string[];
}

/** A guide split into its fenced code blocks and the prose around them. */
function splitGuide(text: string): {
  blocks: CodeBlock[];
  prose: string;
  unclosedAt: number | undefined;
} {
  const blocks: CodeBlock[] = [];
  const prose: string[] = [];
  let open: { language: string; line: number; indent: number; lines: string[] } | undefined;
  for (const [index, line] of text.split('\n').entries()) {
    const fence = /^(\s*)```(\S*)\s*$/.exec(line);
    if (open === undefined) {
      if (fence === null) prose.push(line);
      else {
        const [, indent = '', language = ''] = fence;
        open = { language, line: index + 1, indent: indent.length, lines: [] };
      }
    } else if (fence !== null) {
      blocks.push(open);
      open = undefined;
    } else {
      open.lines.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  }
  return { blocks, prose: prose.join('\n'), unclosedAt: open?.line };
}

// The excerpt's lines, consecutive in the file, each behind the same indentation.
function containsExcerpt(file: readonly string[], excerpt: readonly string[]): boolean {
  const first = excerpt.findIndex((line) => line.trim() !== '');
  if (first === -1) return false;
  for (let start = 0; start + excerpt.length <= file.length; start += 1) {
    const anchor = file[start + first] ?? '';
    if (!anchor.endsWith(excerpt[first] ?? '')) continue;
    const indent = anchor.slice(0, anchor.length - (excerpt[first] ?? '').length);
    if (indent.trim() !== '') continue;
    const matches = excerpt.every((line, offset) => {
      const candidate = file[start + offset] ?? '';
      return line === '' ? candidate.trim() === '' : candidate === indent + line;
    });
    if (matches) return true;
  }
  return false;
}

function hasTestTitle(source: string, title: string): boolean {
  return ["'", '"', '`'].some((quote) => source.includes(`${quote}${title}${quote}`));
}

/** What one guide holds that was checked. */
interface Checked {
  readonly blocks: number;
  readonly paths: number;
  readonly tests: number;
}

function checkGuide(path: string, problems: string[]): Checked {
  const text = readFileSync(path, 'utf8');
  const name = relative(ROOT, path);
  if (text.length > GUIDE_LENGTH_MAX) {
    problems.push(`${name}: longer than ${GUIDE_LENGTH_MAX} characters`);
  }
  const { blocks, prose, unclosedAt } = splitGuide(text);
  if (unclosedAt !== undefined) problems.push(`${name}:${unclosedAt}: a code block is not closed`);
  let checkedBlocks = 0;
  for (const block of blocks) {
    if (!CODE_LANGUAGES.has(block.language)) continue;
    const where = `${name}:${block.line}`;
    const [marker = '', ...excerpt] = block.lines;
    const snippet = SNIPPET_MARKER.exec(marker)?.[1];
    if (snippet === undefined) {
      problems.push(`${where}: a ${block.language} block must start with // snippet: <path>`);
      continue;
    }
    if (!SNIPPET_HOMES.some((home) => snippet.startsWith(home)) || !snippet.endsWith('.ts')) {
      problems.push(
        `${where}: ${snippet} is not a type-checked file of ${SNIPPET_HOMES.join(' or ')}`,
      );
      continue;
    }
    const file = join(ROOT, snippet);
    if (!existsSync(file)) {
      problems.push(`${where}: ${snippet} does not exist`);
      continue;
    }
    if (!containsExcerpt(readFileSync(file, 'utf8').split('\n'), excerpt)) {
      problems.push(`${where}: the block is not (any longer) in ${snippet}`);
      continue;
    }
    checkedBlocks += 1;
  }
  let paths = 0;
  let tests = 0;
  for (const [, cited = '', title] of prose.matchAll(REPOSITORY_PATH)) {
    paths += 1;
    if (title !== undefined) tests += 1;
    const file = join(ROOT, cited);
    if (!existsSync(file)) {
      problems.push(`${name}: cites ${cited}, which does not exist`);
    } else if (title !== undefined && !hasTestTitle(readFileSync(file, 'utf8'), title)) {
      problems.push(`${name}: ${cited} has no test "${title}"`);
    }
  }
  return { blocks: checkedBlocks, paths, tests };
}

const problems: string[] = [];
const guides = readdirSync(GUIDES)
  .filter((name) => name.endsWith('.md'))
  .map((name) => join(GUIDES, name));
const checked = guides.map((guide) => checkGuide(guide, problems));
const total = (key: keyof Checked) => checked.reduce((sum, counts) => sum + counts[key], 0);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
} else {
  console.log(
    `guides: ${guides.length} checked; ${total('blocks')} code blocks match their files, ` +
      `${total('paths')} cited paths exist, ${total('tests')} cited test titles are in them`,
  );
}
