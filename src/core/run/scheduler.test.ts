// The scheduler on its own: fake jobs, a clock moved by hand, no real timers.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider';
import type { Clock } from './clock';
import { backoffMs, createScheduler, type Job, type Outcome, type Retry, type SchedulerOptions } from './scheduler';

/** Runs every pending promise callback; the scheduler uses no macrotasks of its own. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock moved only by `advance`. Sleeps are recorded; they return at once unless `holdSleeps`
 * is set, in which case they end only when their signal aborts (a pause or a cancel).
 */
function manualClock() {
  let now = 1_000_000;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const sleeps: number[] = [];
  const state = { holdSleeps: false };
  const clock: Clock = {
    now: () => now,
    sleep(ms, signal) {
      sleeps.push(ms);
      if (!state.holdSleeps) {
        now += ms;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    },
    timer(ms, fn) {
      const id = seq++;
      timers.set(id, { at: now + ms, fn });
      return () => timers.delete(id);
    },
  };
  function advance(ms: number) {
    now += ms;
    for (const [id, t] of [...timers]) {
      if (t.at <= now) {
        timers.delete(id);
        t.fn();
      }
    }
  }
  return { clock, sleeps, timers, advance, state };
}

/** A promise with its resolver and rejecter, for holding an attempt open. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface Attempt {
  job: string;
  signal: AbortSignal;
  alive: () => void;
  answer: ReturnType<typeof deferred<string>>;
}

/** Jobs whose attempts stay open until the test answers them; an aborted attempt rejects. */
function harness(options: SchedulerOptions = {}) {
  const mc = manualClock();
  const attempts: Attempt[] = [];
  const settled: { job: string; outcome: Outcome<string> }[] = [];
  const retries: ({ job: string } & Retry)[] = [];
  const settleGate = { hold: null as Promise<void> | null, fail: null as Error | null };
  const scheduler = createScheduler<string>(
    {
      async settle(job, outcome) {
        if (settleGate.hold) await settleGate.hold;
        if (settleGate.fail) throw settleGate.fail;
        settled.push({ job: job.id, outcome });
      },
      notRun: (n) => `${n} things not run`,
      onRetry: (job, r) => retries.push({ job: job.id, ...r }),
    },
    { clock: mc.clock, random: () => 0.5, ...options },
  );
  const job = (id: string, over: Partial<Job<string>> = {}): Job<string> => ({
    id,
    lane: 'a',
    concurrency: 1,
    group: 'g',
    timeoutMs: 100,
    attempt(signal, alive) {
      const answer = deferred<string>();
      signal.addEventListener('abort', () => answer.reject(new Error('aborted')), { once: true });
      attempts.push({ job: id, signal, alive, answer });
      return answer.promise;
    },
    classify: (e) => (e instanceof ProviderError ? e : new ProviderError(String(e), 'fatal')),
    ...over,
  });
  const open = () => attempts.filter((a) => !a.signal.aborted && !done.has(a));
  const done = new Set<Attempt>();
  /** Answers (or fails) the open attempt of a job. */
  const answer = (id: string, v: string | ProviderError) => {
    const a = open().find((x) => x.job === id);
    if (!a) throw new Error(`no open attempt for ${id}`);
    done.add(a);
    if (v instanceof ProviderError) a.answer.reject(v);
    else a.answer.resolve(v);
  };
  const running = () => open().map((a) => a.job);
  return { ...mc, scheduler, job, attempts, settled, settleGate, answer, running, retries };
}

describe('backoffMs', () => {
  const o = { random: () => 0.5, baseMs: 1000, capMs: 60_000 };
  it('doubles per attempt under full jitter, up to the cap', () => {
    expect([1, 2, 3].map((a) => backoffMs(a, null, o))).toEqual([500, 1000, 2000]);
    expect(backoffMs(20, null, { ...o, random: () => 0.999 })).toBeLessThanOrEqual(60_000);
  });
  it('waits at least Retry-After', () => {
    expect(backoffMs(1, 30, o)).toBe(30_000);
    expect(backoffMs(3, 1, o)).toBe(2000);
  });
});

describe('scheduler', () => {
  it('runs each lane up to the lowest limit its jobs ask for, lanes apart, in order', async () => {
    const h = harness();
    const a = (id: string, concurrency: number) => h.job(id, { lane: 'a', concurrency });
    const b = (id: string) => h.job(id, { lane: 'b', concurrency: 1 });
    const result = h.scheduler.start(async () => h.scheduler.submit([a('a1', 3), a('a2', 2), a('a3', 3), b('b1'), b('b2')]));
    await flush();
    expect(h.running()).toEqual(['a1', 'a2', 'b1']);
    expect(h.scheduler.status()).toMatchObject({ state: 'running', inFlight: 3 });

    h.answer('a2', 'A2');
    h.answer('b1', 'B1');
    await flush();
    expect(h.running().sort()).toEqual(['a1', 'a3', 'b2']);
    for (const id of ['a1', 'a3', 'b2']) h.answer(id, id.toUpperCase());
    expect(await result).toEqual({ state: 'completed', error: null });
    expect(h.settled.map((s) => [s.job, s.outcome.kind === 'done' && s.outcome.value]).sort()).toEqual([
      ['a1', 'A1'],
      ['a2', 'A2'],
      ['a3', 'A3'],
      ['b1', 'B1'],
      ['b2', 'B2'],
    ]);
  });

  it('retries rate-limit and transient errors with backoff, Retry-After as a floor', async () => {
    const h = harness();
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j')]));
    await flush();
    h.answer('j', new ProviderError('slow down', 'rate_limit', 429, 30));
    await flush();
    h.answer('j', new ProviderError('bad gateway', 'transient', 502));
    await flush();
    h.answer('j', 'at last');
    await result;
    expect(h.sleeps).toEqual([30_000, 1000]);
    expect(h.settled[0]!.outcome).toMatchObject({ kind: 'done', value: 'at last', attempts: 3, startedAt: 1_000_000 });
    // Each retry is announced before its wait, naming the error and the attempt to come.
    expect(h.retries).toMatchObject([
      { job: 'j', attempt: 2, maxAttempts: 5, waitMs: 30_000, error: { status: 429 } },
      { job: 'j', attempt: 3, maxAttempts: 5, waitMs: 1000, error: { status: 502 } },
    ]);
  });

  it('gives up after maxAttempts, and at once on a fatal error, settling the error', async () => {
    const h = harness({ maxAttempts: 2 });
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('t'), h.job('f', { lane: 'other' })]));
    await flush();
    h.answer('f', new ProviderError('too long', 'fatal', 400));
    h.answer('t', new ProviderError('overloaded', 'transient', 503));
    await flush();
    h.answer('t', new ProviderError('overloaded', 'transient', 503));
    expect(await result).toEqual({ state: 'completed', error: null });
    expect(h.sleeps).toEqual([500]);
    // A fatal error and the last failed attempt announce no retry.
    expect(h.retries.map((r) => [r.job, r.attempt])).toEqual([['t', 2]]);
    const by = new Map(h.settled.map((s) => [s.job, s.outcome]));
    expect(by.get('f')).toMatchObject({ kind: 'failed', attempts: 1, error: { message: 'too long' } });
    expect(by.get('t')).toMatchObject({ kind: 'failed', attempts: 2, error: { message: 'overloaded' } });
  });

  it('owns one deadline per attempt: aborts the signal when it passes, restarts it on alive()', async () => {
    const h = harness({ maxAttempts: 2 });
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j', { timeoutMs: 100 })]));
    await flush();
    const first = h.attempts[0]!;
    expect(h.timers.size).toBe(1);
    h.advance(60);
    first.alive(); // a delta arrived: the next 100 ms start now
    h.advance(99);
    expect(first.signal.aborted).toBe(false);
    h.advance(1);
    expect(first.signal.aborted).toBe(true);
    await flush();
    // Timed out is transient: retried, under a fresh deadline.
    expect(h.attempts).toHaveLength(2);
    h.answer('j', 'late but fine');
    await result;
    expect(h.settled[0]!.outcome).toMatchObject({ kind: 'done', attempts: 2 });
    expect(h.timers.size).toBe(0);
    h.attempts[1]!.alive(); // a stray delta after the end arms nothing
    expect(h.timers.size).toBe(0);
  });

  it('settles a timed-out job as a transient timeout, whatever the job classifies', async () => {
    const h = harness({ maxAttempts: 1 });
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j', { timeoutMs: 2500 })]));
    await flush();
    h.advance(2500);
    await result;
    expect(h.settled[0]!.outcome).toMatchObject({ kind: 'failed', error: { kind: 'transient', message: 'no answer within 2.5 s' } });
  });

  it('ends an attempt at its total deadline however often it streams, and settles it as fatal, not retried', async () => {
    const h = harness();
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('drip', { timeoutMs: 100, totalMs: 1000 })]));
    await flush();
    const a = h.attempts[0]!;
    for (let t = 0; t < 990; t += 90) {
      h.advance(90);
      a.alive(); // a byte every 90 ms keeps the idle deadline away
    }
    expect(a.signal.aborted).toBe(false);
    h.advance(20);
    expect(a.signal.aborted).toBe(true);
    await result;
    expect(h.attempts).toHaveLength(1);
    expect(h.settled[0]!.outcome).toMatchObject({ kind: 'failed', attempts: 1, error: { kind: 'fatal', message: expect.stringContaining('no complete answer within 1 s') } });
    expect(h.timers.size).toBe(0);
  });

  it('pauses: lets attempts in flight finish and settle, launches nothing until resumed', async () => {
    const h = harness();
    const states: string[] = [];
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j1'), h.job('j2'), h.job('j3')]));
    await flush();
    h.scheduler.pause();
    states.push(h.scheduler.state);
    h.answer('j1', 'one');
    await flush();
    states.push(h.scheduler.state);
    expect(states).toEqual(['pausing', 'paused']);
    expect(h.settled.map((s) => s.job)).toEqual(['j1']);
    expect(h.running()).toEqual([]);

    h.advance(5000);
    h.scheduler.resume();
    await flush();
    expect(h.running()).toEqual(['j2']);
    h.answer('j2', 'two');
    await flush();
    h.answer('j3', 'three');
    expect(await result).toEqual({ state: 'completed', error: null });
  });

  it('pausing wakes a job waiting to retry and puts it back at the front, attempts kept', async () => {
    const h = harness();
    h.state.holdSleeps = true;
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j1'), h.job('j2')]));
    await flush();
    h.answer('j1', new ProviderError('busy', 'transient', 503));
    await flush();
    expect(h.sleeps).toHaveLength(1);
    h.scheduler.pause();
    await flush();
    expect(h.scheduler.state).toBe('paused');
    h.scheduler.resume();
    await flush();
    expect(h.running()).toEqual(['j1']);
    h.answer('j1', 'one');
    await flush();
    h.answer('j2', 'two');
    await result;
    expect(h.settled.map((s) => [s.job, s.outcome.attempts])).toEqual([
      ['j1', 2],
      ['j2', 1],
    ]);
  });

  it('cancels: aborts attempts in flight, settles nothing for them, runs nothing queued', async () => {
    const h = harness();
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j1', { lane: 'x' }), h.job('j2', { lane: 'y' }), h.job('j3', { lane: 'y' })]));
    await flush();
    h.answer('j1', 'one');
    await flush();
    h.scheduler.cancel();
    expect(await result).toEqual({ state: 'cancelled', error: null });
    expect(h.attempts.map((a) => [a.job, a.signal.aborted])).toEqual([
      ['j1', false],
      ['j2', true],
    ]);
    expect(h.settled.map((s) => s.job)).toEqual(['j1']);
    expect(h.scheduler.status().inFlight).toBe(0);
  });

  it('blocks a group whose key is rejected: its jobs are dropped and counted, the others finish', async () => {
    const h = harness();
    const result = h.scheduler.start(async () =>
      h.scheduler.submit([h.job('bad1', { group: 'm1' }), h.job('ok1', { group: 'm2', lane: 'b' }), h.job('bad2', { group: 'm1' }), h.job('bad3', { group: 'm1' })]),
    );
    await flush();
    h.answer('bad1', new ProviderError('The API key was rejected.', 'fatal', 401));
    await flush();
    expect(h.scheduler.status().blockedJobs).toBe(3);
    h.answer('ok1', 'fine');
    expect(await result).toEqual({ state: 'failed', error: 'm1: The API key was rejected. (HTTP 401); 3 things not run' });
    expect(h.settled.map((s) => s.job)).toEqual(['ok1']);
  });

  it('waits for settle before completing, and fails the run with a settle error', async () => {
    const h = harness();
    const gate = deferred<void>();
    h.settleGate.hold = gate.promise;
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j1', { lane: 'x' }), h.job('j2', { lane: 'y' })]));
    await flush();
    h.answer('j1', 'one');
    await flush();
    expect(h.scheduler.status()).toMatchObject({ state: 'running', inFlight: 2 });
    h.settleGate.fail = new Error('could not store j1: disk full');
    gate.resolve();
    expect(await result).toEqual({ state: 'failed', error: 'could not store j1: disk full' });
    expect(h.attempts.find((a) => a.job === 'j2')!.signal.aborted).toBe(true);
  });

  it('fails when loading fails, and starts once', async () => {
    const h = harness();
    const result = await h.scheduler.start(() => Promise.reject(new Error('could not set up m1: no key')));
    expect(result).toEqual({ state: 'failed', error: 'could not set up m1: no key' });
    expect(() => h.scheduler.start()).toThrow(/starts once/);
  });

  it('counts active time without pauses', async () => {
    const h = harness();
    const result = h.scheduler.start(async () => h.scheduler.submit([h.job('j', { timeoutMs: 10_000 })]));
    await flush();
    h.advance(1000);
    h.scheduler.pause();
    h.answer('j', 'x');
    await flush();
    h.advance(60_000);
    expect(h.scheduler.status()).toMatchObject({ state: 'paused', activeMs: 1000 });
    h.scheduler.resume();
    await result;
    h.advance(500);
    expect(h.scheduler.status().activeMs).toBe(1500);
  });
});
