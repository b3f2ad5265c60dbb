import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../../tests/providerServer/server';
import type { ResponseRecord } from '../core/run/types';
import { runCli, type CliIO } from './main';

let server: ProviderServer;
let casesDir: string;
let dir: string;

beforeAll(async () => {
  server = await startProviderServer();
  dir = await mkdtemp(join(tmpdir(), 'iatroscope-merge-'));
  casesDir = join(dir, 'cases');
  await mkdir(casesDir);
  const template = JSON.parse(await readFile(new URL('../../scenarios/benzodiazepine-supply-gap.json', import.meta.url), 'utf8')) as {
    framings: Record<string, { prompt: string }>;
  };
  for (const i of ['a', 'b', 'c']) {
    const framings = Object.fromEntries(Object.entries(template.framings).map(([k, f]) => [k, { ...f, prompt: `${f.prompt} ${i}` }]));
    await writeFile(join(casesDir, `${i}.json`), JSON.stringify({ ...template, id: `case-${i}`, framings }));
  }
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

async function cli(args: string[]) {
  const lines: string[] = [];
  const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), tty: false };
  return { code: await runCli(args, io), lines };
}
const read = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ResponseRecord);
const keyOf = (r: ResponseRecord) => `${r.case_id}|${r.framing}|${r.rep}`;

let n = 0;
const file = (name: string) => join(dir, `${n++}-${name}`);
const runShard = (out: string, shard: string, reps = '2') =>
  cli(['run', '--cases', casesDir, '--provider', 'openai-compatible', '--base-url', `${server.url}/v1`, '--model', 'test-model', '--reps', reps, '--shard', shard, '--out', out]);

describe('cli run --shard and merge', () => {
  it('shards split the cells without overlap, and merge joins them into the whole run', async () => {
    const shards = [file('s1.jsonl'), file('s2.jsonl'), file('s3.jsonl')];
    for (const [i, out] of shards.entries()) {
      const r = await runShard(out, `${i + 1}/3`);
      expect(r.code).toBe(0);
      expect(r.lines.at(-1)).toMatch(new RegExp(`4/4 cells of shard ${i + 1}/3 stored`));
    }
    expect(server.stats().requests['/v1/chat/completions']).toBe(12);
    const keys = (await Promise.all(shards.map(read))).map((rs) => rs.map(keyOf));
    expect(new Set(keys.flat()).size).toBe(12);

    // The same shard again takes the same slice: everything resumes, nothing is asked.
    const again = await runShard(shards[1]!, '2/3');
    expect(again.lines.at(-1)).toMatch(/4\/4 cells of shard 2\/3 stored; this run ok 0, .*4 resumed/);
    expect(server.stats().requests['/v1/chat/completions']).toBe(12);

    const out = file('all.jsonl');
    const m = await cli(['merge', ...shards, '--out', out, '--cases', casesDir, '--reps', '2']);
    expect(m.lines).toContain(`${shards[0]}: 4 responses`);
    expect(m.lines).toContain('no cell of the run is missing');
    expect(m.code).toBe(0);
    const merged = await read(out);
    expect(merged).toHaveLength(12);
    const runId = merged[0]!.run_id;
    expect(merged.every((r) => r.run_id === runId && r.id === `${runId}|${r.case_id}|${r.framing}|${r.model_id}|${r.rep}`)).toBe(true);
    expect(new Set(merged.map(keyOf))).toEqual(new Set(keys.flat()));
  });

  it('reports missing cells against the cases, keeps identical duplicates once, and counts per file without --cases', async () => {
    const s1 = file('s1.jsonl');
    expect((await runShard(s1, '1/2', '1')).code).toBe(0);
    const out = file('all.jsonl');
    const m = await cli(['merge', s1, s1, '--out', out, '--cases', casesDir]);
    expect(m.code).toBe(1);
    expect(m.lines).toContain(`${out}: 3 cells from 2 files (3 identical duplicates kept once), run ${(await read(s1))[0]!.run_id}`);
    expect(m.lines).toContain('3 cells are missing (case|framing|model|rep):');
    expect(m.lines.filter((l) => l.startsWith('  case-'))).toHaveLength(3);
    expect(await read(out)).toHaveLength(3);

    const plain = await cli(['merge', s1, '--out', file('plain.jsonl')]);
    expect(plain.code).toBe(0);
    expect(plain.lines).toEqual([`${s1}: 3 responses`, expect.stringMatching(/: 3 cells from 1 file, run /)]);
  });

  it('refuses a cell stored twice with different content, naming both files, and writes nothing', async () => {
    const a = file('a.jsonl');
    expect((await runShard(a, '1/1', '1')).code).toBe(0);
    const records = await read(a);
    const b = file('b.jsonl');
    await writeFile(b, JSON.stringify({ ...records[0]!, run_id: 'other', id: 'other|x', text: 'a different answer' }) + '\n');
    const out = file('all.jsonl');
    const m = await cli(['merge', a, b, '--out', out]);
    expect(m.code).toBe(1);
    expect(m.lines.at(-1)).toContain(`is in ${a} and in ${b} with different content`);
    await expect(readFile(out)).rejects.toThrow();
  });

  it('refuses a bad --shard and bad merge arguments with the usage', async () => {
    for (const bad of ['0/2', '3/2', '2', 'x/y']) {
      const r = await runShard(file('bad.jsonl'), bad);
      expect(r.code).toBe(2);
      expect(r.lines[0]).toBe(`run: --shard must be i/n with 1 <= i <= n, e.g. 1/3 (got "${bad}")`);
    }
    const a = file('a.jsonl');
    for (const [args, message] of [
      [['merge', a], '--out is required'],
      [['merge', '--out', a], 'give the response files to merge'],
      [['merge', a, '--out', file('o.jsonl'), '--reps', '2'], '--framings and --reps need --cases'],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code).toBe(2);
      expect(r.lines[0]).toBe(`merge: ${message}`);
    }
    const same = await cli(['merge', a, '--out', a]);
    expect(same.code).toBe(1);
    expect(same.lines[0]).toContain('is also an input');
    expect(server.stats().requests['/v1/chat/completions'] ?? 0).toBe(0);
  });
});
