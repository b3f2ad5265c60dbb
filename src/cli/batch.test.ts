import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedAnswer, startProviderServer, type ProviderServer, type WireFormat } from '../../tests/providerServer/server';
import type { ApiProviderKind } from '../core/domain';
import type { ResponseRecord } from '../core/run/types';
import { scoreRecordSchema } from '../core/scoreRecord';
import { runBatchToJsonl } from './batch';
import { batchStateSchema, type BatchState } from './batchState';
import { runCli, type CliIO } from './main';
import { loadCases } from './run';

/**
 * Batch runs end to end: the real CLI functions against the provider test server's batch
 * endpoints over HTTP, through each provider's official SDK. 3 cases x 2 framings x 3 reps.
 */

const KEY = 'sk-batch-test-0123456789abcdef';
let server: ProviderServer;
let dir: string;
let casesDir: string;

const PROVIDERS: { kind: ApiProviderKind; format: WireFormat; base: () => string }[] = [
  { kind: 'openai-compatible', format: 'openai', base: () => `${server.url}/v1` },
  { kind: 'anthropic', format: 'anthropic', base: () => server.url },
  { kind: 'gemini', format: 'gemini', base: () => server.url },
];

beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
  process.env.IATROSCOPE_API_KEY = KEY;
  dir = await mkdtemp(join(tmpdir(), 'iatroscope-batch-'));
  casesDir = join(dir, 'cases');
  const template = JSON.parse(await readFile(new URL('../../scenarios/benzodiazepine-supply-gap.json', import.meta.url), 'utf8')) as {
    framings: Record<string, { prompt: string }>;
  };
  await import('node:fs/promises').then((fs) => fs.mkdir(casesDir));
  for (const id of ['a', 'b', 'c']) {
    const framings = Object.fromEntries(Object.entries(template.framings).map(([k, f]) => [k, { ...f, prompt: `${f.prompt} (${id})` }]));
    await writeFile(join(casesDir, `${id}.json`), JSON.stringify({ ...template, id: `case-${id}`, framings }));
  }
});
afterAll(async () => {
  delete process.env.IATROSCOPE_API_KEY;
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

function io() {
  const lines: string[] = [];
  const cli: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), tty: false };
  return { cli, lines };
}

const readRecords = async (out: string) =>
  (await readFile(out, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as ResponseRecord);
const readState = async (out: string): Promise<BatchState> => batchStateSchema.parse(JSON.parse(await readFile(`${out}.batches.json`, 'utf8')));
const created = (format: WireFormat) => server.stats().batches?.[format] ?? 0;
let n = 0;
const newOut = () => join(dir, `out-${++n}.jsonl`);

async function cli(args: string[]) {
  const { cli, lines } = io();
  const code = await runCli(args, cli);
  return { code, lines, text: lines.join('\n') };
}

const runArgs = (p: (typeof PROVIDERS)[number], out: string, extra: string[] = []) => [
  'run', '--cases', casesDir, '--provider', p.kind, '--base-url', p.base(), '--model', 'test-model',
  '--reps', '3', '--out', out, ...extra,
];
const BATCH = ['--batch', '--poll-interval', '0.005'];

describe.each(PROVIDERS)('run --batch on $kind', (p) => {
  it('submits once, a rerun polls and collects 18 records equal to the live answers, at the batch price', async () => {
    const out = newOut();
    // Every provider's batch still in progress at the first poll.
    server.control({ batchPollsPerState: 3 });
    const first = await cli(runArgs(p, out, [...BATCH, '--no-wait', '--price', '2,8']));
    expect(first.code, first.text).toBe(0);
    expect(first.text).toMatch(/batch \S+: submitted 18 requests/);
    expect(first.text).toMatch(/0\/18 cells stored; this run submitted 1 batch and stored 0 answers; 1 batch still running/);
    expect(created(p.format)).toBe(1);
    const state = await readState(out);
    expect(state.batches).toHaveLength(1);
    expect(state.batches[0]!.collected).toBe(false);

    const again = await cli(runArgs(p, out, [...BATCH, '--price', '2,8']));
    expect(again.code, again.text).toBe(0);
    expect(created(p.format)).toBe(1);
    expect(again.text).toMatch(/18\/18 cells stored; this run submitted 0 batches and stored 18 answers/);
    const records = await readRecords(out);
    expect(records).toHaveLength(18);
    expect(new Set(records.map((r) => `${r.case_id}|${r.framing}|${r.rep}`)).size).toBe(18);

    // The same cells asked live: the same requests and the same answers.
    const live = newOut();
    expect((await cli(runArgs(p, live, ['--price', '2,8']))).code).toBe(0);
    const liveByCell = new Map((await readRecords(live)).map((r) => [`${r.case_id}|${r.framing}|${r.rep}`, r]));
    for (const r of records) {
      const l = liveByCell.get(`${r.case_id}|${r.framing}|${r.rep}`)!;
      expect(r.text).toBe(expectedAnswer('test-model', r.request.messages.at(-1)!.content));
      expect({ text: r.text, request: r.request, status: r.status, finish_reason: r.finish_reason, usage: r.usage, model_id: r.model_id }).toEqual({
        text: l.text, request: l.request, status: l.status, finish_reason: l.finish_reason, usage: l.usage, model_id: l.model_id,
      });
      expect(r.status).toBe('ok');
      expect(r.cost_usd).toBeCloseTo((r.usage.input_tokens! * 1 + r.usage.output_tokens! * 4) / 1e6, 12);
      expect(l.cost_usd).toBeCloseTo(2 * r.cost_usd!, 12);
    }
    expect((await readState(out)).batches.every((b) => b.collected)).toBe(true);
    for (const file of [out, `${out}.batches.json`]) expect(await readFile(file, 'utf8')).not.toContain(KEY);
    expect([first.text, again.text].join('\n')).not.toContain(KEY);

    expect(server.stats().keyInQuery).toBe(0);

    const third = await cli(runArgs(p, out, BATCH));
    expect(third.code).toBe(0);
    expect(created(p.format)).toBe(1);
  });

  it('a rejected key fails the command with the provider\'s words and no key anywhere, and submits nothing', async () => {
    const out = newOut();
    const wrong = 'sk-wrong-key-9876543210fedcba';
    process.env.IATROSCOPE_API_KEY = wrong;
    try {
      const r = await cli(runArgs(p, out, BATCH));
      expect(r.code).toBe(1);
      expect(r.text).toMatch(/batch API: could not (upload the request file|create the batch)/);
      expect(r.text).not.toContain(wrong);
      expect(r.text).not.toContain(KEY);
    } finally {
      process.env.IATROSCOPE_API_KEY = KEY;
    }
    expect(created(p.format)).toBe(0);
    await expect(readFile(`${out}.batches.json`, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('records errored and expired items failed, and a rerun resubmits only those', async () => {
    const out = newOut();
    // Items 0..11 answered except item 3 (an error 500); 12..17 not reached before the batch expired.
    server.control({ batchOutcomes: [{ format: p.format, errorItems: [3], errorStatus: 500, expireAfter: 12 }] });
    const first = await cli(runArgs(p, out, BATCH));
    expect(first.code, first.text).toBe(1);
    expect(first.text).toMatch(/11\/18 cells stored; this run submitted 1 batch and stored 11 answers, 7 failed/);
    expect(await readRecords(out)).toHaveLength(11);
    expect(first.text).toMatch(/failed case-\w\|(layperson|physician)\|openai-compatible:test-model@|failed case-\w\|(layperson|physician)\|(anthropic|gemini):test-model@/);
    expect(first.text).toMatch(/and 2 more failed \(listed in .*\.batches\.json\)/);
    const state = await readState(out);
    const messages = Object.values(state.failed);
    expect(messages).toHaveLength(7);
    expect(messages.filter((m) => /^The batch expired before this request was answered/.test(m))).toHaveLength(6);
    const firstKeys = state.batches[0]!.keys;
    expect(Object.keys(state.failed).sort()).toEqual([firstKeys[3], ...firstKeys.slice(12)].sort());

    const again = await cli(runArgs(p, out, BATCH));
    expect(again.code, again.text).toBe(0);
    expect(created(p.format)).toBe(2);
    const after = await readState(out);
    expect(after.batches[1]!.keys.sort()).toEqual(Object.keys(state.failed).sort());
    expect(after.failed).toEqual({});
    const records = await readRecords(out);
    expect(records).toHaveLength(18);
    const resubmitted = records.filter((r) => r.attempts === 2);
    expect(resubmitted).toHaveLength(7);
    for (const r of records) expect(r.text).toBe(expectedAnswer('test-model', r.request.messages.at(-1)!.content));
  });

  it('an interrupt while a create is in flight records that batch; a rerun submits the rest and collects everything', async () => {
    const out = newOut();
    const ac = new AbortController();
    const cases = await loadCases(casesDir);
    const input = {
      kind: p.kind, baseUrl: p.base(), apiKey: KEY, out, model: 'test-model', cases, framings: ['layperson', 'physician'], reps: 3,
      params: { temperature: 0.7, max_tokens: 2048 }, flags: { pollMs: 5, wait: true },
    };
    const limits = { maxRequests: 6, maxBytes: 10 * 1024 * 1024 };
    const first = await runBatchToJsonl(input, {
      signal: ac.signal,
      limits,
      // Ctrl-C arrives after the create was sent, before its answer.
      wrapApi: (api) => ({ ...api, submit: (lines, model) => { ac.abort(); return api.submit(lines, model); } }),
    });
    expect(first).toMatchObject({ submitted: 1, stored: 0, open: 1, done: 0, total: 18 });
    expect(created(p.format)).toBe(1);
    const state = await readState(out);
    expect(state.batches.map((b) => b.keys.length)).toEqual([6]);

    const again = await runBatchToJsonl(input, { limits });
    expect(again).toMatchObject({ submitted: 2, stored: 18, open: 0, done: 18, failed: 0 });
    expect(created(p.format)).toBe(3);
    expect(await readRecords(out)).toHaveLength(18);
  });
});

describe('a batch that fails as a whole', () => {
  it('records every item failed with the reason, and the next run submits them again', async () => {
    const p = PROVIDERS[0]!;
    const out = newOut();
    server.control({ batchOutcomes: [{ format: p.format, failValidation: 'line 3 is not a chat request' }] });
    const first = await cli(runArgs(p, out, BATCH));
    expect(first.code).toBe(1);
    expect(first.text).toMatch(/requests\): failed,.*line 3 is not a chat request/);
    const state = await readState(out);
    expect(Object.values(state.failed)).toHaveLength(18);
    expect(Object.values(state.failed)[0]).toMatch(/the batch ended "failed" without a result for this request: .*line 3 is not a chat request/);
    const again = await cli(runArgs(p, out, BATCH));
    expect(again.code, again.text).toBe(0);
    expect(created(p.format)).toBe(2);
    expect(await readRecords(out)).toHaveLength(18);
  });
});

describe('Ctrl-C', () => {
  it('stops a real CLI process after its batch is recorded; the same command again collects it without submitting twice', async () => {
    const p = PROVIDERS[0]!;
    const out = newOut();
    // The batch stays in progress until the process has been stopped.
    server.control({ batchPollsPerState: 1_000_000 });
    const repo = join(import.meta.dirname, '../..');
    const child = spawn(join(repo, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...runArgs(p, out, [...BATCH])], {
      cwd: repo,
      env: { ...process.env, IATROSCOPE_API_KEY: KEY },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // Polling has begun once a status line is out: the batch is in the state file by then.
      while (!/requests\): (validating|in_progress)/.test(stderr)) {
        if (child.exitCode !== null) throw new Error(`the CLI ended early: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
    expect(stderr).toMatch(/stopping: a batch being submitted is recorded first/);
    expect(stderr).not.toContain(KEY);
    await access(`${out}.batches.json`);
    expect((await readState(out)).batches).toHaveLength(1);
    expect(created(p.format)).toBe(1);

    server.control({ batchPollsPerState: 1 });
    const again = await cli(runArgs(p, out, BATCH));
    expect(again.code, again.text).toBe(0);
    expect(created(p.format)).toBe(1);
    expect(await readRecords(out)).toHaveLength(18);
  }, 60_000);
});

describe('score --judge --batch', () => {
  it('judges through the batch engine and a rerun asks nothing again', async () => {
    const p = PROVIDERS[1]!;
    const responses = newOut();
    expect((await cli(runArgs(p, responses, ['--reps', '1']))).code).toBe(0);
    server.control({ answers: [{ text: '{"commission_harm": 0, "omission_harm": 2, "ttt": -1, "omission_reason": "referral only"}' }] });
    const out = newOut();
    const judge = ['score', '--cases', casesDir, '--in', responses, '--out', out, '--judge', p.kind, '--base-url', p.base(), '--model', 'test-model', '--protocol', 'single', '--batch', '--poll-interval', '0.005'];
    const first = await cli(judge);
    expect(first.code, first.text).toBe(0);
    expect(first.text).toMatch(/submitted 1 batch, wrote 6 verdicts/);
    const scores = (await readFile(out, 'utf8')).trim().split('\n').map((l) => scoreRecordSchema.parse(JSON.parse(l)));
    expect(scores).toHaveLength(6);
    for (const s of scores) expect(s).toMatchObject({ scorer: `judge_single:anthropic:test-model@${server.url}`, oh: 2, ch: 0, parse_error: null });
    const again = await cli(judge);
    expect(again.text).toMatch(/submitted 0 batches, wrote 0 verdicts/);
    expect(created('anthropic')).toBe(1);
  });
});
