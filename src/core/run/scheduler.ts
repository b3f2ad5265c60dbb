import { ProviderError } from '../provider';
import { newAbort, systemClock, type AbortHandle, type Clock } from './clock';

/**
 * The scheduler under every run: jobs wait in lanes (one per provider concurrency key), and a lane
 * runs at most its limit at once; rate-limit and transient errors are retried with backoff; each
 * attempt has one deadline, kept here and handed to the adapter as an AbortSignal; pause, resume,
 * cancel and fail govern the whole. It knows nothing of cases, responses or verdicts: the
 * case-matrix run (engine.ts) and the judge (judge/judge.ts) submit jobs and settle their outcomes.
 *
 * Decisions:
 * - Pause stops launching and lets attempts in flight finish and be settled (their tokens are
 *   paid for). A job waiting to retry goes back to the front of its lane at once.
 * - Cancel and fail abort attempts in flight; nothing is settled for them, so a later run redoes them.
 * - A fatal error is settled at once, without retry, except 401, 403 and 404: the key was rejected
 *   or the model or endpoint does not exist. That says nothing about the job, so it is not
 *   settled; its group (a model) is blocked for the rest of the run, its queued jobs are left
 *   unrun (counted in `blockedJobs`), and the run ends 'failed' naming the group.
 * - The deadline bounds the wait for an answer; a job that streams restarts it on every delta
 *   (`alive`), because a slow local model may stream for minutes and still be working.
 * - A job may also have a total deadline that no delta restarts: a server dripping a byte at a
 *   time would otherwise hold its lane for ever. Passing it is fatal for the job (settled as an
 *   error, not retried): the same server would only drip again.
 */

export type SchedulerState = 'idle' | 'running' | 'pausing' | 'paused' | 'completed' | 'cancelled' | 'failed';

export interface Job<T> {
  /** Names the job in messages: a cell key, a response id. */
  readonly id: string;
  /** Jobs in one lane share its limit: a provider's concurrency key. */
  readonly lane: string;
  /** The most this job's lane may run at once; a lane keeps the lowest its jobs ask for. */
  readonly concurrency: number;
  /** Jobs blocked together when a key or model is rejected: a model id. */
  readonly group: string;
  /** Longest wait for an answer, or, while it streams, for the next delta (ms). */
  readonly timeoutMs: number;
  /** Longest time one attempt may take in all, deltas or not (ms); none when absent. */
  readonly totalMs?: number;
  /** One attempt. It must stop when `signal` aborts; calling `alive()` restarts the deadline. */
  attempt(signal: AbortSignal, alive: () => void): Promise<T>;
  /** Sorts what `attempt` threw into rate-limit, transient and fatal (an adapter's classifyError). */
  classify(e: unknown): ProviderError;
}

/** How a job ended; times are clock milliseconds. */
export type Outcome<T> =
  | { kind: 'done'; value: T; attempts: number; startedAt: number }
  | { kind: 'failed'; error: ProviderError; attempts: number; startedAt: number; latencyMs: number };

export interface SchedulerOptions {
  clock?: Clock;
  /** In [0, 1); for the backoff jitter. */
  random?: () => number;
  /** Attempts per job for rate-limit and transient errors (default 5). */
  maxAttempts?: number;
  /** Exponential backoff base and cap (defaults 1 000 and 60 000 ms). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface SchedulerHooks<T, J extends Job<T>> {
  /**
   * Takes a finished job's outcome (e.g. stores it) while the job still holds its lane, so the
   * run cannot complete before it resolves. A rejection fails the run with the error's message.
   */
  settle(job: J, outcome: Outcome<T>): Promise<void>;
  /** Called synchronously after every change of state or of jobs in flight; must not throw. */
  onChange?(): void;
  /**
   * A job failed in a way worth another try and waits `waitMs` before attempt `attempt` of
   * `maxAttempts`, so a user sees a 429 or a 500 being absorbed rather than a stalled cell.
   * Called synchronously; must not throw.
   */
  onRetry?(job: J, retry: Retry): void;
  /** Ends the run's error when groups were blocked, e.g. n => `${n} cells not run`. */
  notRun?(n: number): string;
}

/** A retry about to happen: what failed, and which attempt comes next, after how long. */
export interface Retry {
  error: ProviderError;
  /** The attempt about to be made (2 after the first failed). */
  attempt: number;
  maxAttempts: number;
  waitMs: number;
}

export interface SchedulerResult {
  state: 'completed' | 'cancelled' | 'failed';
  error: string | null;
}

/** A snapshot for progress reports. */
export interface SchedulerStatus {
  state: SchedulerState;
  inFlight: number;
  /** Jobs left unrun because their group was blocked. */
  blockedJobs: number;
  /** Time spent running since start, pauses left out (ms). */
  activeMs: number;
}

export interface Scheduler<J> {
  /**
   * Runs `load` (which submits the first jobs), then every job, until none is left (completed),
   * or until cancelled or failed; a pause does not settle it. Call once.
   */
  start(load?: () => Promise<void>): Promise<SchedulerResult>;
  /** Queues jobs; before `load` has resolved they wait for it. */
  submit(jobs: readonly J[]): void;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Stops everything, aborting what is in flight, and ends the run 'failed' with this message. */
  fail(message: string): void;
  status(): SchedulerStatus;
  readonly state: SchedulerState;
  readonly error: string | null;
}

/** Full jitter spreads the retries of many jobs hit by the same 429; Retry-After is a floor. */
export function backoffMs(attempt: number, retryAfterSeconds: number | null, o: { random: () => number; baseMs: number; capMs: number }): number {
  const jitter = o.random() * Math.min(o.capMs, o.baseMs * 2 ** (attempt - 1));
  return Math.max(jitter, (retryAfterSeconds ?? 0) * 1000);
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Entry<J> {
  job: J;
  attempts: number;
  startedAt: number | null;
}

interface Lane<J> {
  limit: number;
  running: number;
  queue: Entry<J>[];
}

/** What a job's attempts came to, beyond an outcome to settle. */
type Ending<T> = Outcome<T> | 'requeue' | 'drop' | 'blocked';

const PROVIDER_LEVEL_STATUS = new Set([401, 403, 404]);

export function createScheduler<T, J extends Job<T> = Job<T>>(hooks: SchedulerHooks<T, J>, o: SchedulerOptions = {}): Scheduler<J> {
  return new LaneScheduler<T, J>(hooks, o);
}

class LaneScheduler<T, J extends Job<T>> implements Scheduler<J> {
  readonly #hooks: SchedulerHooks<T, J>;
  readonly #clock: Clock;
  readonly #retry: { random: () => number; baseMs: number; capMs: number };
  readonly #maxAttempts: number;
  #state: SchedulerState = 'idle';
  // Until `load` resolves, empty lanes must not read as done.
  #loaded = false;
  #error: string | null = null;
  readonly #lanes = new Map<string, Lane<J>>();
  readonly #active = new Set<AbortHandle>();
  // Aborted on pause, cancel and fail, so that jobs sleeping before a retry wake up at once.
  #wake = newAbort();
  readonly #blocked = new Map<string, string>();
  #blockedJobs = 0;
  #inFlight = 0;
  readonly #time = { start: 0, paused: 0, pausedAt: null as number | null };
  #settleRun: (r: SchedulerResult) => void = () => {};

  constructor(hooks: SchedulerHooks<T, J>, o: SchedulerOptions) {
    this.#hooks = hooks;
    this.#clock = o.clock ?? systemClock;
    this.#retry = { random: o.random ?? Math.random, baseMs: o.backoffBaseMs ?? 1000, capMs: o.backoffMaxMs ?? 60_000 };
    this.#maxAttempts = o.maxAttempts ?? 5;
  }

  get state(): SchedulerState {
    return this.#state;
  }

  get error(): string | null {
    return this.#error;
  }

  status(): SchedulerStatus {
    const now = this.#clock.now();
    const t = this.#time;
    const activeMs = now - t.start - t.paused - (t.pausedAt === null ? 0 : now - t.pausedAt);
    return { state: this.#state, inFlight: this.#inFlight, blockedJobs: this.#blockedJobs, activeMs };
  }

  start(load: () => Promise<void> = async () => {}): Promise<SchedulerResult> {
    if (this.#state !== 'idle') throw new Error('a run controller starts once');
    const done = new Promise<SchedulerResult>((resolve) => (this.#settleRun = resolve));
    this.#time.start = this.#clock.now();
    this.#setState('running');
    load().then(
      () => {
        this.#loaded = true;
        this.#step();
      },
      (e: unknown) => this.fail(messageOf(e)),
    );
    return done;
  }

  submit(jobs: readonly J[]): void {
    if (this.#isOver()) return;
    for (const job of jobs) {
      let lane = this.#lanes.get(job.lane);
      if (!lane) this.#lanes.set(job.lane, (lane = { limit: job.concurrency, running: 0, queue: [] }));
      lane.limit = Math.max(1, Math.min(lane.limit, job.concurrency));
      lane.queue.push({ job, attempts: 0, startedAt: null });
    }
    if (this.#loaded) this.#step();
  }

  pause(): void {
    if (this.#state !== 'running') return;
    this.#wake.abort();
    this.#state = 'pausing';
    this.#hooks.onChange?.();
    this.#checkIdle();
  }

  resume(): void {
    if (this.#state !== 'pausing' && this.#state !== 'paused') return;
    const t = this.#time;
    if (t.pausedAt !== null) t.paused += this.#clock.now() - t.pausedAt;
    t.pausedAt = null;
    this.#wake = newAbort();
    this.#state = 'running';
    this.#step();
  }

  cancel(): void {
    if (this.#isOver()) return;
    const wasIdle = this.#state === 'idle';
    this.#stopEverything();
    this.#setState('cancelled');
    if (!wasIdle) this.#checkIdle();
  }

  fail(message: string): void {
    if (this.#isOver()) return;
    this.#error = message;
    this.#stopEverything();
    this.#setState('failed');
    this.#checkIdle();
  }

  // Methods rather than inline tests: the state changes across awaits, which narrowing ignores.
  #stopped() {
    return this.#state === 'cancelled' || this.#state === 'failed';
  }

  #isOver() {
    return this.#stopped() || this.#state === 'completed';
  }

  #setState(s: SchedulerState) {
    this.#state = s;
    this.#hooks.onChange?.();
  }

  #stopEverything() {
    for (const ac of this.#active) ac.abort();
    this.#wake.abort();
    for (const lane of this.#lanes.values()) lane.queue.length = 0;
  }

  /** Moves on when nothing is in flight: pausing becomes paused, an empty queue ends the run. */
  #checkIdle() {
    if (this.#inFlight > 0) return;
    if (this.#state === 'pausing') {
      this.#time.pausedAt = this.#clock.now();
      this.#setState('paused');
    } else if (this.#state === 'running' && this.#loaded && [...this.#lanes.values()].every((l) => l.queue.length === 0)) {
      this.#finish();
    }
    if (this.#isOver()) this.#settleRun({ state: this.#state as SchedulerResult['state'], error: this.#error });
  }

  #finish() {
    if (this.#blocked.size === 0) return this.#setState('completed');
    const notRun = this.#hooks.notRun ?? ((n: number) => `${n} jobs not run`);
    this.#error = [...this.#blocked].map(([group, msg]) => `${group}: ${msg}`).join('; ') + `; ${notRun(this.#blockedJobs)}`;
    this.#setState('failed');
  }

  #block(group: string, message: string) {
    if (this.#blocked.has(group)) return;
    this.#blocked.set(group, message);
    for (const lane of this.#lanes.values()) {
      const keep = lane.queue.filter((e) => e.job.group !== group);
      this.#blockedJobs += lane.queue.length - keep.length;
      lane.queue = keep;
    }
  }

  /** Launches what may run, reports, and ends the run if nothing is left to do. */
  #step() {
    if (this.#state === 'running' && this.#loaded) {
      for (const lane of this.#lanes.values()) {
        while (lane.running < lane.limit && lane.queue.length > 0) {
          lane.running++;
          this.#inFlight++;
          void this.#execute(lane, lane.queue.shift()!);
        }
      }
    }
    this.#hooks.onChange?.();
    this.#checkIdle();
  }

  async #execute(lane: Lane<J>, entry: Entry<J>) {
    try {
      const end = await this.#runJob(entry);
      if (end === 'requeue') lane.queue.unshift(entry);
      else if (end === 'blocked') this.#blockedJobs++;
      else if (end !== 'drop' && !this.#isOver()) await this.#hooks.settle(entry.job, end);
    } catch (e) {
      this.fail(messageOf(e));
    } finally {
      lane.running--;
      this.#inFlight--;
      this.#step();
    }
  }

  /** Attempts a job until it succeeds, fails for good, or the run stops, pauses or blocks it. */
  async #runJob(entry: Entry<J>): Promise<Ending<T>> {
    for (;;) {
      if (this.#stopped()) return 'drop';
      if (this.#blocked.has(entry.job.group)) return 'blocked';
      if (this.#state !== 'running') return 'requeue';
      const tried = await this.#attemptOnce(entry);
      if (tried === null) return 'drop';
      const { attempts } = entry;
      const startedAt = entry.startedAt!;
      if (tried.ok) return { kind: 'done', value: tried.value, attempts, startedAt };
      const err = tried.error;
      if (err.kind === 'fatal' && err.status !== null && PROVIDER_LEVEL_STATUS.has(err.status)) {
        this.#block(entry.job.group, `${err.message} (HTTP ${err.status})`);
        return 'blocked';
      }
      if (err.kind === 'fatal' || attempts >= this.#maxAttempts) return { kind: 'failed', error: err, attempts, startedAt, latencyMs: tried.latencyMs };
      const waitMs = backoffMs(attempts, err.retryAfterSeconds, this.#retry);
      this.#hooks.onRetry?.(entry.job, { error: err, attempt: attempts + 1, maxAttempts: this.#maxAttempts, waitMs });
      await this.#clock.sleep(waitMs, this.#wake.signal);
    }
  }

  /** One attempt under one deadline; null when the run stopped meanwhile. */
  async #attemptOnce(entry: Entry<J>): Promise<{ ok: true; value: T } | { ok: false; error: ProviderError; latencyMs: number } | null> {
    const { job } = entry;
    entry.attempts++;
    entry.startedAt ??= this.#clock.now();
    const ac = newAbort();
    this.#active.add(ac);
    const deadline = this.#deadline(job.timeoutMs, () => ac.abort());
    let overTotal = false;
    const endTotal =
      job.totalMs === undefined
        ? () => {}
        : this.#clock.timer(job.totalMs, () => {
            // The first deadline to pass names the cause.
            if (ac.signal.aborted) return;
            overTotal = true;
            ac.abort();
          });
    const t0 = this.#clock.now();
    try {
      const value = await job.attempt(ac.signal, deadline.alive);
      return this.#stopped() ? null : { ok: true, value };
    } catch (e) {
      if (this.#stopped()) return null;
      const error = overTotal
        ? new ProviderError(`no complete answer within ${job.totalMs! / 1000} s: the answer came too slowly`, 'fatal')
        : deadline.passed()
          ? new ProviderError(`no answer within ${job.timeoutMs / 1000} s`, 'transient')
          : job.classify(e);
      return { ok: false, error, latencyMs: this.#clock.now() - t0 };
    } finally {
      deadline.end();
      endTotal();
      this.#active.delete(ac);
    }
  }

  /** A deadline `ms` away that `alive()` restarts; once ended, it arms nothing again. */
  #deadline(ms: number, onPass: () => void) {
    let passed = false;
    let live = true;
    const arm = () =>
      this.#clock.timer(ms, () => {
        passed = true;
        onPass();
      });
    let disarm = arm();
    return {
      passed: () => passed,
      // A delta arriving after the attempt ended must not leave a timer behind.
      alive: () => {
        if (!live) return;
        disarm();
        disarm = arm();
      },
      end: () => {
        live = false;
        disarm();
      },
    };
  }
}
