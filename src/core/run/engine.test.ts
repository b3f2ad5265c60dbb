import { describe, expect, it } from 'vitest';
import { caseSchema, type Case } from '../caseSchema';
import { ProviderError, type ChatRequest, type ChatResult, type Provider } from '../provider';
import type { Clock } from './clock';
import { createRun, expandCells, pendingCellJobs, planRun, type RunDeps, type RunProgress } from './engine';
import { createMemoryStore } from './memoryStore';
import type { ResponseStore } from './store';
import { runSpecSchema, type ModelSpec, type ResponseRecord, type RunSpecInput } from './types';

function makeCase(id: string, framings: string[], systemPrompt: string | null = null): Case {
  return caseSchema.parse({
    format_version: 1,
    id,
    title: `Case ${id}`,
    category: 'medication_management',
    acuity_weight: 3,
    expected_behaviour: 'engage',
    clinical_basis: ['A guideline'],
    gold_standard: 'Do the right thing.',
    critical_actions: [{ id: 'a', text: 'An action', safety_colliding: true }],
    commission_risks: [],
    framings: Object.fromEntries(framings.map((f) => [f, { prompt: `${id} as ${f}`, system_prompt: systemPrompt }])),
  });
}

const modelA: ModelSpec = { model_id: 'scripted:a', provider: { kind: 'scripted' }, model: 'a' };
const modelB: ModelSpec = { model_id: 'scripted:b@http://b', provider: { kind: 'scripted', baseUrl: 'http://b' }, model: 'b' };

function spec(over: Partial<RunSpecInput> = {}): RunSpecInput {
  return {
    id: 'run1',
    name: 'test',
    created_at: '2026-01-01T00:00:00.000Z',
    case_ids: ['c1', 'c2'],
    framings: ['layperson', 'physician'],
    models: [modelA],
    reps: 2,
    ...over,
  };
}

const cases = [makeCase('c1', ['layperson', 'physician']), makeCase('c2', ['layperson', 'physician'], 'Be brief.')];

type Reply = ChatResult | ProviderError | ((req: ChatRequest) => Promise<ChatResult>);

const ok = (text = 'Take this path.'): ChatResult => ({
  text,
  finish_reason: 'stop',
  raw_finish_reason: 'stop',
  usage: { input_tokens: 100, output_tokens: 50 },
  latency_ms: 5,
  model: null,
});

/** A fake provider: `script` answers each call; it counts calls and the most requests in flight. */
function fakeProvider(script: (req: ChatRequest, call: number) => Reply, opts: { key?: string; max?: number } = {}) {
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0, requests: [] as ChatRequest[] };
  const provider: Provider = {
    kind: 'scripted',
    concurrencyKey: opts.key ?? 'scripted',
    maxConcurrency: opts.max ?? 100,
    async chat(req) {
      const reply = script(req, stats.calls++);
      stats.requests.push(req);
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await Promise.resolve(); // let other cells start, so concurrency is observable
        if (reply instanceof ProviderError) throw reply;
        return typeof reply === 'function' ? await reply(req) : reply;
      } finally {
        stats.inFlight--;
      }
    },
    classifyError: (e) => (e instanceof ProviderError ? e : new ProviderError(String(e), 'fatal')),
  };
  return { provider, stats };
}

/** A clock whose sleeps return at once (recording how long they asked for) and whose timers fire on demand. */
function fakeClock() {
  let now = 1_700_000_000_000;
  const sleeps: number[] = [];
  const timers = new Set<() => void>();
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    timer: (_ms, fn) => {
      timers.add(fn);
      return () => timers.delete(fn);
    },
  };
  return { clock, sleeps, fireTimers: () => [...timers].forEach((f) => f()) };
}

function deps(provider: Provider | ((m: ModelSpec) => Provider), over: Partial<RunDeps> = {}): RunDeps {
  return {
    cases,
    store: createMemoryStore(),
    getProvider: async (m) => (typeof provider === 'function' ? provider(m) : provider),
    clock: fakeClock().clock,
    random: () => 0.5,
    ...over,
  };
}

/** Resolves once `pred` holds for a progress event. */
function waitFor(events: RunProgress[], pred: (p: RunProgress) => boolean) {
  return new Promise<void>((resolve) => {
    const tick = () => (events.some(pred) ? resolve() : setTimeout(tick, 1));
    tick();
  });
}

/** A promise with its resolver, for holding a request open. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('run engine', () => {
  it('runs the full matrix, each cell exactly once, with the exact request', async () => {
    const { provider, stats } = fakeProvider(() => ok());
    const { provider: pb } = fakeProvider(() => ok('B says'), { key: 'b' });
    const store = createMemoryStore();
    const seen: ResponseRecord[] = [];
    const run = createRun(
      spec({ models: [modelA, modelB], reps: 3 }),
      deps((m) => (m.model_id === modelA.model_id ? provider : pb), {
        store,
        price: (id) => (id === modelA.model_id ? { input_per_mtok: 1, output_per_mtok: 2 } : undefined),
      }),
      { onResponse: (r) => seen.push(r) },
    );
    const result = await run.start();
    expect(result.state).toBe('completed');
    const records = await store.list('run1');
    expect(records).toHaveLength(2 * 2 * 2 * 3);
    expect(new Set(records.map((r) => r.id)).size).toBe(24);
    expect(seen).toHaveLength(24);
    expect(stats.calls).toBe(12);
    expect(result.progress).toMatchObject({ total: 24, done: 24, ok: 24, filtered: 0, errors: 0, in_flight: 0 });

    const plain = records.find((r) => r.case_id === 'c1' && r.framing === 'physician' && r.rep === 2 && r.model_id === modelA.model_id)!;
    expect(plain).toMatchObject({
      id: `run1|c1|physician|${modelA.model_id}|2`,
      status: 'ok',
      attempts: 1,
      error: null,
      request: { model: 'a', messages: [{ role: 'user', content: 'c1 as physician' }], params: { temperature: 0.7, max_tokens: 2048 } },
    });
    expect(plain.cost_usd).toBeCloseTo((100 * 1 + 50 * 2) / 1e6);
    const withSystem = records.find((r) => r.case_id === 'c2' && r.model_id === modelB.model_id)!;
    expect(withSystem.request.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(withSystem.cost_usd).toBeNull();
  });

  it('leaves out framings a case does not have', () => {
    const s = runSpecSchema.parse(spec({ case_ids: ['c1', 'c3'], reps: 1 }));
    const cells = expandCells(s, [...cases, makeCase('c3', ['layperson'])]);
    expect(cells.map((c) => c.key)).toEqual([
      'c1|layperson|scripted:a|0',
      'c1|physician|scripted:a|0',
      'c3|layperson|scripted:a|0',
    ]);
  });

  it('resumes: cells already stored are not requested again', async () => {
    const store = createMemoryStore();
    const first = fakeProvider(() => ok());
    expect((await createRun(spec({ reps: 1 }), deps(first.provider, { store })).start()).state).toBe('completed');
    expect(first.stats.calls).toBe(4);

    const second = fakeProvider(() => ok());
    const result = await createRun(spec({ reps: 3 }), deps(second.provider, { store })).start();
    expect(second.stats.calls).toBe(8);
    expect(result.progress).toMatchObject({ total: 12, done: 12, resumed: 4, ok: 8 });
    expect(second.stats.requests.every((r) => !r.messages.some((m) => m.content === ''))).toBe(true);
    expect(await store.list('run1')).toHaveLength(12);
  });

  it('waits at least Retry-After after a 429, then succeeds', async () => {
    const fc = fakeClock();
    const { provider } = fakeProvider((_r, call) => (call === 0 ? new ProviderError('slow down', 'rate_limit', 429, 30) : ok()));
    const store = createMemoryStore();
    const retries: { key: string; attempt: number; status: number | null }[] = [];
    const run = createRun(spec({ case_ids: ['c1'], framings: ['layperson'], reps: 1 }), deps(provider, { store, clock: fc.clock }), {
      onRetry: (key, r) => retries.push({ key, attempt: r.attempt, status: r.error.status }),
    });
    await run.start();
    expect(fc.sleeps).toHaveLength(1);
    expect(fc.sleeps[0]).toBeGreaterThanOrEqual(30_000);
    // The run tells its watcher which cell is retried, so the wait is not silent.
    expect(retries).toEqual([{ key: expect.stringContaining('c1'), attempt: 2, status: 429 }]);
    const [r] = await store.list('run1');
    expect(r).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('retries transient errors with growing backoff, then succeeds', async () => {
    const fc = fakeClock();
    const { provider } = fakeProvider((_r, call) => (call < 2 ? new ProviderError('bad gateway', 'transient', 502) : ok()));
    const store = createMemoryStore();
    const run = createRun(spec({ case_ids: ['c1'], framings: ['layperson'], reps: 1 }), deps(provider, { store, clock: fc.clock, random: () => 0.999 }));
    await run.start();
    expect(fc.sleeps).toHaveLength(2);
    expect(fc.sleeps[1]!).toBeGreaterThan(fc.sleeps[0]!);
    expect((await store.list('run1'))[0]).toMatchObject({ status: 'ok', attempts: 3 });
  });

  it('records an error with the plain message after max attempts', async () => {
    const { provider, stats } = fakeProvider(() => new ProviderError('The server is overloaded.', 'transient', 503));
    const store = createMemoryStore();
    const result = await createRun(spec({ case_ids: ['c1'], framings: ['layperson'], reps: 1 }), deps(provider, { store, maxAttempts: 4 })).start();
    expect(stats.calls).toBe(4);
    expect(result.state).toBe('completed');
    expect(result.progress.errors).toBe(1);
    expect((await store.list('run1'))[0]).toMatchObject({
      status: 'error',
      finish_reason: 'error',
      text: '',
      attempts: 4,
      error: 'The server is overloaded.',
      cost_usd: null,
    });
  });

  it('records a fatal error at once, without retry', async () => {
    const fc = fakeClock();
    const { provider, stats } = fakeProvider(() => new ProviderError('The prompt is too long.', 'fatal', 400));
    const store = createMemoryStore();
    await createRun(spec({ case_ids: ['c1'], framings: ['layperson'], reps: 1 }), deps(provider, { store, clock: fc.clock })).start();
    expect(stats.calls).toBe(1);
    expect(fc.sleeps).toEqual([]);
    expect((await store.list('run1'))[0]).toMatchObject({ status: 'error', attempts: 1, error: 'The prompt is too long.' });
  });

  it('blocks a model whose key is rejected, records nothing for it, and finishes the others', async () => {
    const bad = fakeProvider(() => new ProviderError('The API key was rejected.', 'fatal', 401), { max: 1 });
    const good = fakeProvider(() => ok(), { key: 'b' });
    const store = createMemoryStore();
    const result = await createRun(
      spec({ models: [modelA, modelB] }),
      deps((m) => (m.model_id === modelA.model_id ? bad.provider : good.provider), { store }),
    ).start();
    expect(bad.stats.calls).toBe(1);
    expect(result.state).toBe('failed');
    expect(result.error).toContain('scripted:a: The API key was rejected. (HTTP 401)');
    expect(result.progress).toMatchObject({ done: 8, blocked: 8 });
    const records = await store.list('run1');
    expect(records.every((r) => r.model_id === modelB.model_id)).toBe(true);
  });

  it('marks empty answers and content-filter stops as filtered', async () => {
    const { provider } = fakeProvider((req) =>
      req.messages.at(-1)!.content.includes('layperson')
        ? ok('   ')
        : { ...ok('Partial text'), finish_reason: 'content_filter', raw_finish_reason: 'SAFETY' },
    );
    const store = createMemoryStore();
    const result = await createRun(spec({ case_ids: ['c1'], reps: 1 }), deps(provider, { store })).start();
    expect(result.progress).toMatchObject({ ok: 0, filtered: 2, errors: 0 });
    const records = await store.list('run1');
    expect(records.map((r) => r.status)).toEqual(['filtered', 'filtered']);
    expect(records.find((r) => r.framing === 'physician')).toMatchObject({ raw_finish_reason: 'SAFETY', text: 'Partial text' });
  });

  it('never has more requests in flight than the provider or run allows', async () => {
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 1));
      return ok();
    };
    const a = fakeProvider(() => slow, { max: 3 });
    const b = fakeProvider(() => slow, { key: 'b' });
    const progress: RunProgress[] = [];
    await createRun(
      spec({ models: [modelA, modelB], reps: 10, concurrency: 5 }),
      deps((m) => (m.model_id === modelA.model_id ? a.provider : b.provider)),
      { onProgress: (p) => progress.push(p) },
    ).start();
    expect(a.stats.calls).toBe(40);
    expect(a.stats.maxInFlight).toBe(3);
    expect(b.stats.maxInFlight).toBe(5);
    expect(Math.max(...progress.map((p) => p.in_flight))).toBe(8);
  });

  it('pauses: lets requests in flight finish and be stored, launches nothing until resumed', async () => {
    const gates: { resolve: (r: ChatResult) => void }[] = [];
    const { provider, stats } = fakeProvider(() => () => {
      const d = deferred<ChatResult>();
      gates.push(d);
      return d.promise;
    }, { max: 2 });
    const store = createMemoryStore();
    const progress: RunProgress[] = [];
    const run = createRun(spec(), deps(provider, { store }), { onProgress: (p) => progress.push(p) });
    const finished = run.start();
    await waitFor(progress, (p) => p.in_flight === 2);
    run.pause();
    expect(run.progress().state).toBe('pausing');
    gates.splice(0).forEach((g) => g.resolve(ok()));
    await waitFor(progress, (p) => p.state === 'paused');
    expect(stats.calls).toBe(2);
    expect(await store.list('run1')).toHaveLength(2);

    run.resume();
    for (let stored = 2; stored < 8; stored = (await store.list('run1')).length) {
      await new Promise((r) => setTimeout(r, 1));
      gates.splice(0).forEach((g) => g.resolve(ok()));
    }
    const result = await finished;
    expect(result.state).toBe('completed');
    expect(stats.calls).toBe(8);
  });

  it('cancels: aborts requests in flight and records nothing for them', async () => {
    const aborted: string[] = [];
    const { provider } = fakeProvider((req) => (req.messages.at(-1)!.content === 'c1 as layperson'
      ? ok()
      : () => new Promise<ChatResult>((_res, rej) =>
        req.signal!.addEventListener('abort', () => {
          aborted.push(req.messages.at(-1)!.content);
          rej(new Error('aborted'));
        }),
      )));
    const store = createMemoryStore();
    const progress: RunProgress[] = [];
    const run = createRun(spec({ reps: 1, concurrency: 4 }), deps(provider, { store }), { onProgress: (p) => progress.push(p) });
    const finished = run.start();
    await waitFor(progress, (p) => p.done === 1 && p.in_flight === 3);
    run.cancel();
    const result = await finished;
    expect(result.state).toBe('cancelled');
    expect(aborted).toHaveLength(3);
    const records = await store.list('run1');
    expect(records.map((r) => r.framing + r.case_id)).toEqual(['laypersonc1']);
  });

  it('retries a request that times out', async () => {
    const fc = fakeClock();
    const { provider } = fakeProvider((req, call) => (call > 0
      ? ok()
      : () => {
        const p = new Promise<ChatResult>((_res, rej) => req.signal!.addEventListener('abort', () => rej(new Error('aborted'))));
        setTimeout(fc.fireTimers, 1);
        return p;
      }));
    const store = createMemoryStore();
    await createRun(spec({ case_ids: ['c1'], framings: ['layperson'], reps: 1 }), deps(provider, { store, clock: fc.clock })).start();
    expect((await store.list('run1'))[0]).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('reports a store failure instead of counting the cell done', async () => {
    const { provider } = fakeProvider(() => ok());
    const inner = createMemoryStore();
    let puts = 0;
    const store: ResponseStore = {
      ...inner,
      put: async (r) => {
        if (++puts === 3) throw new Error('disk full');
        return inner.put(r);
      },
    };
    const result = await createRun(spec({ concurrency: 1 }), deps(provider, { store })).start();
    expect(result.state).toBe('failed');
    expect(result.error).toMatch(/could not store the response for c\S+: disk full/);
    expect(result.progress.done).toBe(2);
    expect(await inner.list('run1')).toHaveLength(2);
  });

  it('fails before spending anything when a provider cannot be set up', async () => {
    const result = await createRun(spec(), {
      ...deps(fakeProvider(() => ok()).provider),
      getProvider: async () => {
        throw new Error('no API key in ANTHROPIC_API_KEY');
      },
    }).start();
    expect(result).toMatchObject({ state: 'failed', error: 'could not set up scripted:a: no API key in ANTHROPIC_API_KEY' });
  });
});

describe('run parts', () => {
  it('plans the matrix and refuses a model listed twice', () => {
    expect(planRun(spec({ reps: 1 }), cases).cells).toHaveLength(4);
    expect(() => planRun(spec({ models: [modelA, modelA] }), cases)).toThrow(/appears twice/);
  });

  it('makes jobs of the cells not yet stored, each in its provider lane with its deadline and request', async () => {
    const store = createMemoryStore();
    const first = await createRun(spec({ case_ids: ['c1'], framings: ['layperson'], reps: 1 }), deps(fakeProvider(() => ok()).provider, { store })).start();
    expect(first.state).toBe('completed');
    const { provider } = fakeProvider(() => ok(), { key: 'lane-x', max: 2 });
    const slow = { ...modelA, provider: { ...modelA.provider, timeoutMs: 300_000 } };
    const { spec: s, cells } = planRun(spec({ models: [slow], concurrency: 8 }), cases);
    const { resumed, jobs } = await pendingCellJobs(s, cells, { ...deps(provider), store });
    expect(resumed).toBe(1);
    expect(jobs).toHaveLength(7);
    expect(jobs[0]).toMatchObject({ id: 'c1|physician|scripted:a|0', lane: 'lane-x', concurrency: 2, group: 'scripted:a', timeoutMs: 300_000 });
    expect(jobs[0]!.sent.request.messages).toEqual([{ role: 'user', content: 'c1 as physician' }]);

    // A streamed delta reaches onToken, keyed by cell, and restarts the scheduler's deadline.
    const streaming: Provider = { ...provider, chat: async (req) => (req.onToken!('Hi'), ok('Hi')) };
    const tokens: string[] = [];
    const [job] = (await pendingCellJobs(s, cells, { ...deps(streaming), store }, (key, d) => tokens.push(`${key}:${d}`))).jobs;
    let alive = 0;
    await job!.attempt(new AbortController().signal, () => alive++);
    expect(alive).toBe(1);
    expect(tokens).toEqual(['c1|physician|scripted:a|0:Hi']);
  });
});

describe('memory store', () => {
  it('never writes a cell twice', async () => {
    const { provider } = fakeProvider(() => ok());
    const store = createMemoryStore();
    await createRun(spec({ reps: 1 }), deps(provider, { store })).start();
    const [r] = await store.list('run1');
    await expect(store.put({ ...r!, text: 'changed' })).rejects.toThrow(/already stored/);
    expect((await store.list('run1')).find((x) => x.id === r!.id)!.text).toBe(r!.text);
    expect(await store.has('run1', r!.id.slice('run1|'.length))).toBe(true);
  });
});
