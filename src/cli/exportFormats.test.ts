import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../../tests/providerServer/server';
import type { InspectLog } from '../core/formats/inspectLog';
import type { HfRow } from '../core/formats/hfDataset';
import { runCli, type CliIO } from './main';

let server: ProviderServer;
let dir: string;

async function cli(args: string[], env?: Record<string, string>) {
  const lines: string[] = [];
  const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), tty: false };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return { code: await runCli(args, io), lines };
  } finally {
    process.env = saved;
  }
}

let responses: string;
let scores: string;
beforeAll(async () => {
  server = await startProviderServer();
  dir = await mkdtemp(join(tmpdir(), 'iatroscope-export-'));
  responses = join(dir, 'responses.jsonl');
  scores = join(dir, 'scores.jsonl');
  const cases = join(dir, 'cases');
  await mkdir(cases);
  for (const id of ['benzodiazepine-supply-gap', 'button-battery-toddler']) await copyFile(new URL(`../../scenarios/${id}.json`, import.meta.url), join(cases, `${id}.json`));
  const run = await cli(['run', '--cases', cases, '--provider', 'openai-compatible', '--base-url', `${server.url}/v1`, '--model', 'test-model', '--reps', '2', '--out', responses], { OPENAI_API_KEY: 'sk-export-test-secret' });
  expect(run.code, run.lines.join('\n')).toBe(0);
  const score = await cli(['score', '--cases', cases, '--in', responses, '--out', scores]);
  expect(score.code, score.lines.join('\n')).toBe(0);
}, 120_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const lines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('cli export', () => {
  it('writes an Inspect log whose samples are the responses, with the local scores, and no key', async () => {
    const out = join(dir, 'log.json');
    const r = await cli(['export', '--format', 'inspect', '--responses', responses, '--scores', scores, '--out', out, '--name', 'Smoke run']);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(r.lines).toEqual([`wrote ${out}`]);
    const text = await readFile(out, 'utf8');
    const log = JSON.parse(text) as InspectLog;
    const stored = lines(await readFile(responses, 'utf8'));
    expect(log.version).toBe(2);
    expect(log.eval).toMatchObject({ task_display_name: 'Smoke run', model: 'openai-compatible/test-model', config: { epochs: 2 } });
    expect(log.samples).toHaveLength(stored.length);
    expect(log.samples.map((s) => s.metadata.response_id).sort()).toEqual(stored.map((s) => s.id).sort());
    expect(log.samples.every((s) => s.scores.local && typeof s.scores.local.value.oh === 'number')).toBe(true);
    expect(log.results.scores).toEqual([expect.objectContaining({ name: 'local', scored_samples: stored.length, unscored_samples: 0 })]);
    expect(text).not.toContain('sk-export-test-secret');
  });

  it('writes a Hugging Face dataset folder: the card and one JSONL row per response with its scores', async () => {
    const out = join(dir, 'hf');
    const r = await cli(['export', '--format', 'hf', '--responses', responses, '--scores', scores, '--out', out, '--license', 'cc-by-4.0']);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['README.md', 'data']);
    const rows = lines(await readFile(join(out, 'data/responses.jsonl'), 'utf8')) as unknown as HfRow[];
    const stored = lines(await readFile(responses, 'utf8'));
    expect(rows.map((x) => x.response)).toEqual(stored.map((s) => s.text));
    expect(rows.every((x) => x.scores.length === 1 && x.scores[0]!.scorer === 'local')).toBe(true);
    const card = await readFile(join(out, 'README.md'), 'utf8');
    expect(card).toMatch(/^---\nlicense: "cc-by-4.0"\n/);
    expect(card).toContain('    path: data/responses.jsonl\n');
    expect(card).not.toContain('sk-export-test-secret');
  });

  it('says what is wrong with the arguments or the files', async () => {
    const bad = await cli(['export', '--format', 'csv', '--responses', responses, '--out', join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.lines[0]).toBe('export: --format must be inspect or hf');
    const wrongScores = await cli(['export', '--format', 'inspect', '--responses', responses, '--scores', responses, '--out', join(dir, 'y.json')]);
    expect(wrongScores.code).toBe(1);
    expect(wrongScores.lines[0]).toMatch(new RegExp(`^export: ${responses.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 1: \\$\\.`));
  });
});
