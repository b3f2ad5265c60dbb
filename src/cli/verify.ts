import { readFile } from 'node:fs/promises';
import { formatLocated } from '../core/located';
import { readPack, rescoreLocal, verifyPackHashes, type RescoreReport } from '../core/pack';
import type { CliIO, Command } from './command';

const VERIFY_USAGE = 'verify <pack.json>';

const versionList = (r: RescoreReport) => r.packed_versions.map((v) => `${v.version} (${v.n})`).join(', ');

/** Prints the rescoring check; true when it holds against the pack. */
function reportRescore(r: RescoreReport, io: CliIO): boolean {
  if (r.checked === 0) {
    io.out('rescoring: the pack holds no local scores, so there is nothing to reproduce (score the responses locally before packing to make it checkable)');
    return true;
  }
  if (r.other_version) {
    io.out(
      `rescoring NOT checked: the packed local scores come from local scorer version ${versionList(r)}, this tool's is ${r.current_version}; ` +
        `its rules differ, so a rescore is not expected to match (${r.mismatches.length} of ${r.checked} differ). Verify with the version that made the pack.`,
    );
    return true;
  }
  for (const m of r.mismatches) io.out(`rescoring differs: ${m.score_id}: ${m.differences.join('; ')}`);
  if (r.mismatches.length) {
    io.out(`rescoring: ${r.mismatches.length} of ${r.checked} local scores are not reproduced by local scorer version ${r.current_version}`);
    return false;
  }
  io.out(`rescoring: all ${r.checked} local scores reproduced by local scorer version ${r.current_version}`);
  return true;
}

const verify: Command = async (args, io) => {
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    io.err(`usage: npm run cli -- ${VERIFY_USAGE}`);
    return 2;
  }
  const file = args[0]!;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`verify: ${(e as Error).message}`);
    return 1;
  }
  const read = readPack(file, text);
  if (!read.ok) {
    read.errors.forEach((e) => io.out(formatLocated(e)));
    io.out(`${file}: NOT verified: the pack does not read`);
    return 1;
  }
  const { pack } = read.value;
  const hashes = await verifyPackHashes(read.value);
  for (const h of hashes) io.out(`hash mismatch: ${h.path}: ${h.message}`);
  const n = pack.cases.length + pack.responses.length + pack.scores.length;
  if (!hashes.length) io.out(`hashes: all ${n} record hashes, 4 section hashes and the content hash match`);
  io.out(`content hash (SHA-256): ${pack.hashes.content}`);
  const rescored = reportRescore(rescoreLocal(pack), io);
  const ok = !hashes.length && rescored;
  io.out(`${file}: ${ok ? 'verified' : 'NOT verified'}`);
  return ok ? 0 : 1;
};

export default verify;
