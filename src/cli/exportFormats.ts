import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { modelLabel } from '../core/domain';
import { parseScoreJsonl } from '../core/analysis/scoreJsonl';
import { toJsonl } from '../core/exportRows';
import { DATA_FILE, hfDatasetCard, toHfRows } from '../core/formats/hfDataset';
import { toInspectLogs } from '../core/formats/inspectLog';
import { TOOL_VERSION } from '../core/formats/toolVersion';
import { formatLocated } from '../core/located';
import { responseRecordSchema, type ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
import { UsageError } from './cliShared';
import type { CliIO, Command } from './command';
import { parseJsonlLines } from './jsonlStore';

const USAGE = 'export --format inspect|hf --responses <responses.jsonl> [--scores <scores.jsonl> ...] --out <file.json | folder> [--name <title>] [--license <id>]';

export interface ExportOptions {
  format: 'inspect' | 'hf';
  responses: string;
  scores: string[];
  out: string;
  name?: string;
  license: string;
}

/** Written to a temporary file and renamed into place, so a failed export never leaves half a file. */
async function writeWhole(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function readInputs(o: ExportOptions): Promise<{ responses: ResponseRecord[]; scores: ScoreRecord[] }> {
  const { records: responses, cutAt } = parseJsonlLines(o.responses, await readFile(o.responses, 'utf8'), responseRecordSchema);
  if (cutAt !== null) throw new Error(`${o.responses}: its last line is cut short (a run stopped mid-write); resume the run or remove that line first`);
  if (!responses.length) throw new Error(`${o.responses}: no responses`);
  const scores: ScoreRecord[] = [];
  for (const path of o.scores) {
    const parsed = parseScoreJsonl(path, await readFile(path, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.map(formatLocated).join('\n'));
    scores.push(...parsed.value);
  }
  return { responses, scores };
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';

/** Writes the export; returns the files written. */
export async function exportRun(o: ExportOptions): Promise<string[]> {
  const { responses, scores } = await readInputs(o);
  if (o.format === 'inspect') {
    const names = o.name ? new Map(responses.map((r) => [r.run_id, o.name!])) : undefined;
    const logs = toInspectLogs(responses, scores, { toolVersion: TOOL_VERSION, ...(names ? { runNames: names } : {}) });
    // Inspect logs one model per file: with several, each gets its own file beside --out.
    const stem = o.out.replace(/\.json$/i, '');
    const paths = logs.length === 1 ? [o.out] : logs.map((l, i) => `${stem}.${i + 1}-${slug(modelLabel(l.model_id))}.json`);
    for (const [i, l] of logs.entries()) await writeWhole(paths[i]!, JSON.stringify(l.log, null, 2) + '\n');
    return paths;
  }
  const rows = toHfRows(responses, scores);
  const runs = [...new Set(responses.map((r) => r.run_id))];
  const card = hfDatasetCard(rows, { license: o.license, prettyName: o.name ?? `Iatroscope run ${runs.join(', ')}`, toolVersion: TOOL_VERSION, createdAt: new Date().toISOString().slice(0, 10) });
  const data = join(o.out, DATA_FILE);
  const readme = join(o.out, 'README.md');
  await writeWhole(data, toJsonl(rows));
  await writeWhole(readme, card);
  return [readme, data];
}

function parseOptions(args: string[]): ExportOptions {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, responses: { type: 'string' }, scores: { type: 'string', multiple: true }, out: { type: 'string' }, name: { type: 'string' }, license: { type: 'string' } },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (v.format !== 'inspect' && v.format !== 'hf') throw new UsageError('--format must be inspect or hf');
  if (!v.responses) throw new UsageError('--responses is required');
  if (!v.out) throw new UsageError('--out is required');
  if (v.license !== undefined && !/^[a-z0-9][a-z0-9.+-]*$/i.test(v.license)) throw new UsageError('--license must be a licence id such as cc-by-4.0, or other');
  return { format: v.format, responses: v.responses, scores: v.scores ?? [], out: v.out, ...(v.name ? { name: v.name } : {}), license: v.license ?? 'other' };
}

const exportCommand: Command = async (args: string[], io: CliIO) => {
  let o: ExportOptions;
  try {
    o = parseOptions(args);
  } catch (e) {
    io.err(`export: ${(e as Error).message}`);
    io.err(`usage: npm run cli -- ${USAGE}`);
    return 2;
  }
  try {
    for (const path of await exportRun(o)) io.err(`wrote ${path}`);
    return 0;
  } catch (e) {
    io.err(`export: ${(e as Error).message}`);
    return 1;
  }
};

export default exportCommand;
