import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedAnswer, startProviderServer, type ProviderServer } from '../../tests/providerServer/server';
import type { ResponseRecord } from '../core/run/types';
import { runCli, type CliIO } from './main';

let server: ProviderServer;
let casesDir: string;
const dirs: string[] = [];
const tmp = async (prefix: string) => {
  const d = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  server = await startProviderServer();
  casesDir = await tmp('iatroscope-run-cases-');
  const template = JSON.parse(await readFile(new URL('../../scenarios/benzodiazepine-supply-gap.json', import.meta.url), 'utf8')) as {
    framings: Record<string, { prompt: string }>;
  };
  await mkdir(join(casesDir, 'nested'));
  for (const [i, sub] of [['a', ''], ['b', 'nested']] as const) {
    const framings = Object.fromEntries(Object.entries(template.framings).map(([k, f]) => [k, { ...f, prompt: `${f.prompt} ${i}` }]));
    await writeFile(join(casesDir, sub, `${i}.json`), JSON.stringify({ ...template, id: `case-${i}`, framings }));
  }
});
afterAll(async () => {
  await server.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
beforeEach(() => server.reset());

function io() {
  const lines: string[] = [];
  const cli: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), tty: false };
  return { cli, lines };
}

const requests = () => server.stats().requests['/v1/chat/completions'] ?? 0;
const read = async (out: string) =>
  (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ResponseRecord);

async function run(out: string, extra: string[] = []) {
  const { cli, lines } = io();
  const args = ['run', '--cases', casesDir, '--provider', 'openai-compatible', '--base-url', `${server.url}/v1`];
  const code = await runCli([...args, '--model', 'test-model', '--reps', '2', '--out', out, ...extra], cli);
  return { code, lines };
}

describe('cli run', () => {
  it('runs every case, framing and rep into the JSONL file, and a re-run repeats nothing', async () => {
    const out = join(await tmp('iatroscope-run-'), 'out.jsonl');
    const first = await run(out);
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toMatch(/8\/8 cells stored; this run ok 8, filtered 0, errors 0 in .* \(completed\)/);
    const records = await read(out);
    expect(records).toHaveLength(8);
    expect(requests()).toBe(8);
    const r = records.find((x) => x.case_id === 'case-b' && x.framing === 'physician' && x.rep === 1)!;
    expect(r).toMatchObject({
      model_id: `openai-compatible:test-model@${server.url}/v1`,
      status: 'ok',
      finish_reason: 'stop',
      error: null,
      text: expectedAnswer('test-model', r.request.messages.at(-1)!.content),
    });
    expect(r.request.messages).toHaveLength(1);
    expect(JSON.stringify(records)).not.toMatch(/api[_-]?key/i);

    const again = await run(out);
    expect(again.code).toBe(0);
    expect(again.lines.at(-1)).toMatch(/8\/8 cells stored; this run ok 0, .*8 resumed/);
    expect(requests()).toBe(8);
    expect(await read(out)).toHaveLength(8);
  });

  it('resumes after a crash mid-write, running only the missing cells', async () => {
    const out = join(await tmp('iatroscope-run-'), 'out.jsonl');
    await run(out, ['--reps', '1']);
    const kept = (await readFile(out, 'utf8')).split('\n').slice(0, 2).join('\n') + '\n';
    await writeFile(out, kept);
    await appendFile(out, '{"id":"run-x|case-a|lay'); // a line cut short
    server.reset();
    const { code } = await run(out, ['--reps', '1']);
    expect(code).toBe(0);
    expect(requests()).toBe(2);
    const records = await read(out);
    expect(new Set(records.map((r) => r.id)).size).toBe(4);
  });

  it('stores filtered answers as filtered', async () => {
    const out = join(await tmp('iatroscope-run-'), 'out.jsonl');
    server.control({ faults: [{ kind: 'content_filter', match: ' a' }, { kind: 'empty', match: ' b' }] });
    const { code } = await run(out, ['--reps', '1', '--framings', 'layperson']);
    expect(code).toBe(0);
    expect((await read(out)).map((r) => r.status).sort()).toEqual(['filtered', 'filtered']);
  });

  it('refuses to resume a file made with other settings', async () => {
    const out = join(await tmp('iatroscope-run-'), 'out.jsonl');
    await run(out, ['--reps', '1']);
    const { code, lines } = await run(out, ['--temperature', '0']);
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/holds responses made with --temperature 0.7/);
  });

  it('stops a model whose key is rejected without recording its cells', async () => {
    const out = join(await tmp('iatroscope-run-'), 'out.jsonl');
    server.control({ apiKey: 'right-key' });
    const { code, lines } = await run(out, ['--concurrency', '1']);
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/HTTP 401.*8 cells not run/);
    expect(requests()).toBe(1);
  });

  it('explains bad arguments and bad case files', async () => {
    const { cli, lines } = io();
    expect(await runCli(['run', '--cases', casesDir, '--provider', 'anthropic', '--model', 'm', '--out', 'x.jsonl'], cli)).toBe(2);
    expect(lines[0]).toMatch(/set IATROSCOPE_API_KEY or ANTHROPIC_API_KEY/);

    const bad = await tmp('iatroscope-bad-');
    await writeFile(join(bad, 'broken.json'), '{"format_version": 1}');
    const r = io();
    const args = ['run', '--cases', bad, '--provider', 'openai-compatible', '--base-url', server.url, '--model', 'm', '--out', join(bad, 'o.jsonl')];
    expect(await runCli(args, r.cli)).toBe(1);
    expect(r.lines.join('\n')).toContain(join(bad, 'broken.json'));
  });
});
