import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expandCells } from '../core/run/engine';
import { mergeResponses, type MergeResult, type ResponseFile } from '../core/run/merge';
import { responseRecordSchema } from '../core/run/types';
import { UsageError } from './cliShared';
import type { CliIO, Command } from './command';
import { parseJsonlLines } from './jsonlStore';
import { loadCases } from './run';

const USAGE = 'merge <a.jsonl> <b.jsonl> ... --out <all.jsonl> [--cases <dir> [--framings layperson,physician] [--reps N]]';

/** Missing cells listed one by one up to this many; the rest are counted. */
const MAX_LISTED = 20;

export interface MergeOptions {
  inputs: string[];
  out: string;
  /** The run's cases, framings and repetitions, to list the cells no file holds. */
  expect?: { casesDir: string; framings: string[]; reps?: number };
}

async function readResponses(path: string): Promise<ResponseFile & { cut: boolean }> {
  const { records, cutAt } = parseJsonlLines(path, await readFile(path, 'utf8'), responseRecordSchema);
  return { name: path, records, cut: cutAt !== null };
}

/**
 * Reads the shards, merges them (core/run/merge.ts) and writes `out` whole or not at all: a
 * temporary file renamed into place, so a failed merge never leaves half a file.
 */
export async function mergeToJsonl(o: MergeOptions): Promise<MergeResult & { cut: string[] }> {
  if (o.inputs.some((p) => resolve(p) === resolve(o.out))) throw new Error(`--out ${o.out} is also an input; write the merge to a new file`);
  const files = await Promise.all(o.inputs.map(readResponses));
  let expected: string[] | undefined;
  if (o.expect) {
    const cases = await loadCases(o.expect.casesDir);
    const records = files.flatMap((f) => f.records);
    // The files say which models ran; the cells of each are laid out as `run` lays them out.
    const models = [...new Set(records.map((r) => r.model_id))].map((model_id) => ({ model_id }));
    const reps = o.expect.reps ?? Math.max(0, ...records.map((r) => r.rep)) + 1;
    const spec = { case_ids: cases.map((c) => c.id), framings: o.expect.framings, models, reps };
    expected = expandCells(spec, cases).map((c) => c.key);
  }
  const merged = mergeResponses(files, expected);
  const tmp = `${o.out}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, merged.records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    await rename(tmp, o.out);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { ...merged, cut: files.filter((f) => f.cut).map((f) => f.name) };
}

function parseOptions(args: string[]): MergeOptions {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, cases: { type: 'string' }, framings: { type: 'string' }, reps: { type: 'string' } },
  });
  if (!v.out) throw new UsageError('--out is required');
  if (!positionals.length) throw new UsageError('give the response files to merge');
  if (!v.cases && (v.framings || v.reps)) throw new UsageError('--framings and --reps need --cases');
  let reps: number | undefined;
  if (v.reps !== undefined) {
    reps = Number(v.reps);
    if (!Number.isInteger(reps) || reps < 1 || reps > 1000) throw new UsageError('--reps must be a whole number from 1 to 1000');
  }
  const framings = (v.framings ?? 'layperson,physician').split(',').map((f) => f.trim()).filter(Boolean);
  return {
    inputs: positionals,
    out: v.out,
    ...(v.cases ? { expect: { casesDir: v.cases, framings, ...(reps ? { reps } : {}) } } : {}),
  };
}

const merge: Command = async (args: string[], io: CliIO) => {
  let o: MergeOptions;
  try {
    o = parseOptions(args);
  } catch (e) {
    io.err(`merge: ${(e as Error).message}`);
    io.err(`usage: npm run cli -- ${USAGE}`);
    return 2;
  }
  try {
    const m = await mergeToJsonl(o);
    for (const f of m.perFile) io.err(`${f.name}: ${f.records} responses`);
    for (const name of m.cut) io.err(`${name}: its last line was cut short (a run stopped mid-write) and is left out`);
    const dupes = m.identicalDuplicates ? ` (${m.identicalDuplicates} identical duplicate${m.identicalDuplicates === 1 ? '' : 's'} kept once)` : '';
    io.err(`${o.out}: ${m.records.length} cells from ${m.perFile.length} file${m.perFile.length === 1 ? '' : 's'}${dupes}, run ${m.runId}`);
    if (!o.expect) return 0;
    if (!m.missing.length) {
      io.err('no cell of the run is missing');
      return 0;
    }
    io.err(`${m.missing.length} cell${m.missing.length === 1 ? ' is' : 's are'} missing (case|framing|model|rep):`);
    for (const key of m.missing.slice(0, MAX_LISTED)) io.err(`  ${key}`);
    if (m.missing.length > MAX_LISTED) io.err(`  ... and ${m.missing.length - MAX_LISTED} more`);
    // The merged file is written either way; a script learns from the code that it is incomplete.
    return 1;
  } catch (e) {
    io.err(`merge: ${(e as Error).message}`);
    return 1;
  }
};

export default merge;
