#!/usr/bin/env node
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseVerifierKey } from '../checkpoint/note-verifier.js';
import { verifyExportBytes } from '../export/verify-export.js';
import { parallelLeafTree } from '../node/parallel-leaf-tree.js';

const USAGE = 'usage: strongroom-audit verify <export.jsonl> --key <vkey> [--key <vkey> ...]';

/**
 * `strongroom-audit verify <file> --key <vkey>`: verifies an audit export offline. Exit codes:
 * 0 verified, 1 the log does not verify (the reason and first bad entry are printed), 2 bad usage.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { key: { type: 'string', multiple: true } },
  });
  const [command, file] = positionals;
  if (
    command !== 'verify' ||
    file === undefined ||
    positionals.length !== 2 ||
    !values.key?.length
  ) {
    console.error(USAGE);
    return 2;
  }
  const verifiers = [];
  for (const vkey of values.key) {
    const verifier = parseVerifierKey(vkey);
    if (verifier.isErr()) {
      console.error(`invalid --key: ${verifier.error.reason}`);
      return 2;
    }
    verifiers.push(verifier.value);
  }
  // Leaves are hashed on worker threads, one per core, while this thread reads the file.
  const verified = await verifyExportBytes(createReadStream(file), verifiers, {
    leafTree: parallelLeafTree(),
  });
  if (verified.isErr()) {
    const { reason, firstBadIndex } = verified.error;
    console.log(`FAILED: ${reason}${firstBadIndex === null ? '' : ` at entry ${firstBadIndex}`}`);
    return 1;
  }
  console.log(
    `OK: ${verified.value.treeSize} entries, root ${Buffer.from(verified.value.rootHash).toString('hex')}`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      error instanceof Error && 'code' in error && error.code === 'ENOENT'
        ? 'file not found'
        : 'unexpected failure',
    );
    process.exitCode = 2;
  },
);
