import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseJson } from '../core/located';
import { classifyText } from '../core/scoring';
import type { CliIO, Command } from './command';

const USAGE = 'classify --in <file.jsonl> --out <file.jsonl>';

/** After this many bad lines the rest are only counted: a wrong file fails on every line. */
const MAX_ERRORS = 20;

/**
 * Adds the local scorer's response class, omission harm, TTT, confidence, reasons and evidence to each line of
 * `{prompt, response, ...}`, keeping every other field as it is. All or nothing: any bad line
 * fails the whole file, and the output is written to a temporary file and renamed into place.
 */
export async function classifyJsonl(inPath: string, outPath: string): Promise<number> {
  const out: string[] = [];
  const errors: string[] = [];
  for (const [i, line] of (await readFile(inPath, 'utf8')).split('\n').entries()) {
    if (line.trim() === '') continue;
    const where = `${inPath}:${i + 1}`;
    // parseJson, not JSON.parse: a line nested thousands deep would overflow JSON.stringify below.
    const json = parseJson(where, line);
    if (!json.ok) {
      errors.push(`${where}: ${json.errors[0]!.message}`);
      continue;
    }
    const row = json.value;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      errors.push(`${where}: each line must be a JSON object with "prompt" and "response"`);
      continue;
    }
    const { prompt, response } = row as Record<string, unknown>;
    if (typeof prompt !== 'string' || typeof response !== 'string') {
      errors.push(`${where}: "prompt" and "response" must both be strings`);
      continue;
    }
    const c = classifyText({ prompt, response });
    out.push(JSON.stringify({ ...row, response_class: c.response_class, omission_harm: c.oh, ttt: c.ttt, confidence: c.confidence, reasons: c.reasons, evidence: c.evidence }));
  }
  if (errors.length) {
    const more = errors.length > MAX_ERRORS ? [`... and ${errors.length - MAX_ERRORS} more bad lines`] : [];
    throw new Error([...errors.slice(0, MAX_ERRORS), ...more].join('\n'));
  }
  const tmp = `${outPath}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, out.map((l) => l + '\n').join(''), 'utf8');
    await rename(tmp, outPath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return out.length;
}

const classify: Command = async (args: string[], io: CliIO) => {
  let inPath: string;
  let outPath: string;
  try {
    const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: { in: { type: 'string' }, out: { type: 'string' } } });
    if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
    if (!v.in || !v.out) throw new Error(`--${v.in ? 'out' : 'in'} is required`);
    [inPath, outPath] = [v.in, v.out];
  } catch (e) {
    io.err(`classify: ${(e as Error).message}`);
    io.err(`usage: npm run cli -- ${USAGE}`);
    return 2;
  }
  try {
    const n = await classifyJsonl(inPath, outPath);
    io.err(`${outPath}: classified ${n} lines`);
    return 0;
  } catch (e) {
    io.err(`classify: ${(e as Error).message}`);
    return 1;
  }
};

export default classify;
