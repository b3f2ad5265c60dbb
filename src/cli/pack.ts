import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseScoreJsonl } from '../core/analysis/scoreJsonl';
import { formatLocated } from '../core/located';
import { buildPack, packViewerHtml, readPack, serializePack, viewerData, type EvidencePack } from '../core/pack';
import type { ScoreRecord } from '../core/scoreRecord';
import { apiKeysInEnv, UsageError } from './cliShared';
import type { CliIO, Command } from './command';
import { loadCases } from './run';
import { readResponses } from './score';

const PACK_USAGE = 'pack --cases <dir> --responses <responses.jsonl> [--scores <scores.jsonl> ...] --out <pack.json> [--html <page.html>] [--resamples N]';
const VIEW_USAGE = 'view <pack.json> --html <page.html> [--resamples N]';

/** Every verdict of every score file; the same verdict id in two files is refused, naming both. */
async function readScores(paths: readonly string[]): Promise<ScoreRecord[]> {
  const fileOf = new Map<string, string>();
  const all: ScoreRecord[] = [];
  for (const path of paths) {
    const parsed = parseScoreJsonl(path, await readFile(path, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.map(formatLocated).join('\n'));
    for (const s of parsed.value) {
      const seen = fileOf.get(s.id);
      if (seen) throw new Error(`score ${s.id} is in both ${seen} and ${path}; pack each verdict once`);
      fileOf.set(s.id, path);
      all.push(s);
    }
  }
  return all;
}

function resamplesOf(v: string | undefined): number {
  const n = v === undefined ? 5000 : Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--resamples must be a whole number of at least 1');
  return n;
}

/** Writes the viewer page for a pack; the analysis is computed here, with the project's own code. */
export async function writeViewerPage(pack: EvidencePack, path: string, resamples: number): Promise<void> {
  await writeFile(path, await packViewerHtml(pack, viewerData(pack, resamples)), 'utf8');
}

const packCommand: Command = async (args: string[], io: CliIO) => {
  let o: { cases: string; responses: string; scores: string[]; out: string; html?: string; resamples: number };
  try {
    const { values: v, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        cases: { type: 'string' },
        responses: { type: 'string' },
        scores: { type: 'string', multiple: true },
        out: { type: 'string' },
        html: { type: 'string' },
        resamples: { type: 'string' },
      },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    for (const name of ['cases', 'responses', 'out'] as const) if (!v[name]) throw new UsageError(`--${name} is required`);
    o = { cases: v.cases!, responses: v.responses!, scores: v.scores ?? [], out: v.out!, resamples: resamplesOf(v.resamples), ...(v.html ? { html: v.html } : {}) };
  } catch (e) {
    io.err(`pack: ${(e as Error).message}`);
    io.err(`usage: npm run cli -- ${PACK_USAGE}`);
    return 2;
  }
  try {
    const [cases, responses, scores] = await Promise.all([loadCases(o.cases), readResponses(o.responses), readScores(o.scores)]);
    const pack = await buildPack({ cases, responses, scores, created_at: new Date().toISOString(), secrets: apiKeysInEnv(process.env) });
    await writeFile(o.out, serializePack(pack), 'utf8');
    const scorers = [...new Set(scores.map((s) => s.scorer))];
    io.err(`${o.out}: evidence pack of ${pack.cases.length} cases, ${pack.responses.length} responses and ${pack.scores.length} scores${scorers.length ? ` (${scorers.join(', ')})` : ''}`);
    io.out(`content hash (SHA-256): ${pack.hashes.content}`);
    if (o.html) {
      await writeViewerPage(pack, o.html, o.resamples);
      io.err(`${o.html}: viewer page (opens from disk, no network)`);
    }
    return 0;
  } catch (e) {
    io.err(`pack: ${(e as Error).message}`);
    return 1;
  }
};

export default packCommand;

/** `view <pack.json> --html <page.html>`: the viewer page of a pack already written (by the CLI or the app). */
export const viewCommand: Command = async (args, io) => {
  let file: string, html: string, resamples: number;
  try {
    const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: { html: { type: 'string' }, resamples: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('give one pack file');
    if (!v.html) throw new UsageError('--html is required');
    [file, html, resamples] = [positionals[0]!, v.html, resamplesOf(v.resamples)];
  } catch (e) {
    io.err(`view: ${(e as Error).message}`);
    io.err(`usage: npm run cli -- ${VIEW_USAGE}`);
    return 2;
  }
  try {
    const read = readPack(file, await readFile(file, 'utf8'));
    if (!read.ok) {
      read.errors.forEach((e) => io.err(formatLocated(e)));
      return 1;
    }
    await writeViewerPage(read.value.pack, html, resamples);
    io.err(`${html}: viewer page of ${file} (opens from disk, no network); run verify on the pack to check its hashes`);
    return 0;
  } catch (e) {
    io.err(`view: ${(e as Error).message}`);
    return 1;
  }
};
