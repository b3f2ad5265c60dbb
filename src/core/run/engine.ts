import type { Case } from '../caseSchema';
import { ProviderError, type ChatMessage, type ChatResult, type Provider } from '../provider';
import { newAbort, systemClock, type AbortHandle, type Clock } from './clock';
import type { ResponseStore } from './store';
import {
  cellKey,
  runSpecSchema,
  type Cell,
  type ModelSpec,
  type Price,
  type ResponseRecord,
  type RunSpec,
  type RunSpecInput,
} from './types';

/**
 * The run engine: puts every case x framing x model x repetition of a RunSpec to its provider,
 * stores each response the moment it completes and skips what is already stored. Adapters only
 * classify errors; concurrency, timeouts, retries and persistence live here.
 *
 * Decisions:
 * - Pause stops launching cells and lets requests already sent finish and be stored (their tokens
 *   are paid for). A cell waiting to retry goes back to the queue at once, unrecorded.
 * - Cancel aborts requests in flight; nothing is recorded for them, so a later run redoes them.
 * - A fatal error is recorded as status 'error' without retry, except 401, 403 and 404: the key
 *   was rejected or the model or endpoint does not exist. That says nothing about the case, so
 *   the cell is not recorded, the model is blocked for the rest of the run (its queued cells are
 *   left unrun, counted in `blocked`), and the run ends 'failed' naming the model; fixing the
 *   key and running again fills in exactly those cells.
 * - If the store fails, the run stops ('failed'), in-flight requests are aborted, and the cell is
 *   not counted done: a response that is not stored does not exist.
 */

export type RunState = 'idle' | 'running' | 'pausing' | 'paused' | 'completed' | 'cancelled' | 'failed';

export interface RunProgress {
  state: RunState;
  /** Cells in the matrix (framings a case lacks are not cells). */
  total: number;
  /** Cells stored, including those stored before this session started. */
  done: number;
  /** Cells that were already stored when this session started. */
  resumed: number;
  /** Responses stored in this session, by status. */
  ok: number;
  filtered: number;
  errors: number;
  in_flight: number;
  /** Cells left unrun because their model was blocked (key rejected, model not found). */
  blocked: number;
  /** USD spent in this session on responses whose model has a known price. */
  cost_so_far: number;
  /** Estimated time to finish, from this session's pace; null until a response is stored. */
  eta_ms: number | null;
}

export interface RunResult {
  state: 'completed' | 'cancelled' | 'failed';
  error: string | null;
  progress: RunProgress;
}

/** Event handlers; they are called synchronously and must not throw. */
export interface RunEvents {
  onProgress?(p: RunProgress): void;
  onToken?(cellKey: string, delta: string): void;
  /** Called after the record is stored. */
  onResponse?(record: ResponseRecord): void;
}

export interface RunDeps {
  cases: readonly Case[];
  store: ResponseStore;
  /** Provider for a model; called once per model per run. */
  getProvider(model: ModelSpec): Promise<Provider>;
  /** Price for a model_id; cost is null when this returns undefined. */
  price?(modelId: string): Price | undefined;
  clock?: Clock;
  /** In [0, 1); for the backoff jitter. */
  random?: () => number;
  /** Attempts per cell for rate-limit and transient errors (default 5). */
  maxAttempts?: number;
  /**
   * Per-request timeout (ms) when the model's provider settings give none (default 120 000); while
   * streaming, the longest wait for the next delta.
   */
  timeoutMs?: number;
  /** Exponential backoff base and cap (defaults 1 000 and 60 000 ms). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface RunController {
  readonly spec: RunSpec;
  /** Runs until completed, cancelled or failed; a pause does not settle it. Call once. */
  start(): Promise<RunResult>;
  pause(): void;
  resume(): void;
  cancel(): void;
  progress(): RunProgress;
}

/** The cells of a spec in run order: repetition first, so a partial run covers every case. */
export function expandCells(spec: RunSpec, cases: readonly Case[]): Cell[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const cells: Cell[] = [];
  for (let rep = 0; rep < spec.reps; rep++) {
    for (const case_id of spec.case_ids) {
      const c = byId.get(case_id);
      if (!c) throw new Error(`case "${case_id}" is in the run but was not given`);
      for (const framing of spec.framings) {
        if (!c.framings[framing]) continue;
        for (const m of spec.models) {
          const cell = { case_id, framing, model_id: m.model_id, rep };
          cells.push({ key: cellKey(cell), ...cell });
        }
      }
    }
  }
  return cells;
}

/** The messages a framing puts to a model: no system message unless the framing has one. */
export function messagesFor(c: Case, framing: string): ChatMessage[] {
  const f = c.framings[framing];
  if (!f) throw new Error(`case "${c.id}" has no "${framing}" framing`);
  return f.system_prompt
    ? [{ role: 'system', content: f.system_prompt }, { role: 'user', content: f.prompt }]
    : [{ role: 'user', content: f.prompt }];
}

interface Job {
  cell: Cell;
  model: ModelSpec;
  provider: Provider;
  messages: ChatMessage[];
  attempts: number;
  started_at: string | null;
}

interface Lane {
  limit: number;
  running: number;
  queue: Job[];
}

type Outcome = { kind: 'record'; record: ResponseRecord } | { kind: 'requeue' } | { kind: 'drop' } | { kind: 'blocked' };

const PROVIDER_LEVEL_STATUS = new Set([401, 403, 404]);

export function createRun(specInput: RunSpecInput, deps: RunDeps, events: RunEvents = {}): RunController {
  const spec = runSpecSchema.parse(specInput);
  const ids = spec.models.map((m) => m.model_id);
  const dupModel = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dupModel) throw new Error(`model "${dupModel}" appears twice in the run`);
  const cells = expandCells(spec, deps.cases);
  const casesById = new Map(deps.cases.map((c) => [c.id, c]));
  const modelsById = new Map(spec.models.map((m) => [m.model_id, m]));

  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const maxAttempts = deps.maxAttempts ?? 5;
  const baseMs = deps.backoffBaseMs ?? 1000;
  const capMs = deps.backoffMaxMs ?? 60_000;

  let state: RunState = 'idle';
  // Until the store and providers are read there are no lanes, and empty lanes must not read as done.
  let loaded = false;
  let error: string | null = null;
  const lanes = new Map<string, Lane>();
  const active = new Set<AbortHandle>();
  // Aborted on pause and cancel so that cells sleeping before a retry wake up at once.
  let wake = newAbort();
  const blocked = new Map<string, string>();
  const n = { resumed: 0, ok: 0, filtered: 0, errors: 0, blocked: 0, inFlight: 0, cost: 0 };
  let sessionStart = 0;
  let pausedMs = 0;
  let pausedAt: number | null = null;
  let settle: (r: RunResult) => void = () => {};

  const iso = () => new Date(clock.now()).toISOString();

  function progress(): RunProgress {
    const doneNow = n.ok + n.filtered + n.errors;
    const done = n.resumed + doneNow;
    const now = clock.now();
    const activeMs = now - sessionStart - pausedMs - (pausedAt === null ? 0 : now - pausedAt);
    const left = cells.length - done - n.blocked;
    return {
      state,
      total: cells.length,
      done,
      resumed: n.resumed,
      ok: n.ok,
      filtered: n.filtered,
      errors: n.errors,
      in_flight: n.inFlight,
      blocked: n.blocked,
      cost_so_far: n.cost,
      eta_ms: doneNow > 0 ? Math.round((activeMs / doneNow) * Math.max(0, left)) : null,
    };
  }

  const emit = () => events.onProgress?.(progress());

  function setState(s: RunState) {
    state = s;
    emit();
  }

  // A function rather than an inline test: `state` changes across awaits, which narrowing ignores.
  function stopped() {
    return state === 'cancelled' || state === 'failed';
  }

  function isOver() {
    return state === 'cancelled' || state === 'failed' || state === 'completed';
  }

  function stopEverything() {
    for (const ac of active) ac.abort();
    wake.abort();
    for (const lane of lanes.values()) lane.queue.length = 0;
  }

  function fail(message: string) {
    if (isOver()) return;
    error = message;
    stopEverything();
    setState('failed');
    checkIdle();
  }

  function checkIdle() {
    if (n.inFlight > 0) return;
    if (state === 'pausing') {
      pausedAt = clock.now();
      setState('paused');
    } else if (state === 'running' && loaded && [...lanes.values()].every((l) => l.queue.length === 0)) {
      if (blocked.size > 0) {
        error = [...blocked].map(([id, msg]) => `${id}: ${msg}`).join('; ') + `; ${n.blocked} cells not run`;
        setState('failed');
      } else setState('completed');
    }
    if (state === 'completed' || state === 'cancelled' || state === 'failed') {
      settle({ state, error, progress: progress() });
    }
  }

  function block(modelId: string, message: string) {
    if (blocked.has(modelId)) return;
    blocked.set(modelId, message);
    for (const lane of lanes.values()) {
      const keep = lane.queue.filter((j) => j.cell.model_id !== modelId);
      n.blocked += lane.queue.length - keep.length;
      lane.queue = keep;
    }
  }

  function pump() {
    if (state !== 'running') return;
    for (const lane of lanes.values()) {
      while (lane.running < lane.limit && lane.queue.length > 0) {
        const job = lane.queue.shift()!;
        lane.running++;
        n.inFlight++;
        void execute(lane, job);
      }
    }
  }

  /** Launches what may run, reports, and settles the run if nothing is left to do. */
  function step() {
    pump();
    emit();
    checkIdle();
  }

  async function execute(lane: Lane, job: Job) {
    try {
      const out = await attempt(job);
      if (out.kind === 'requeue') lane.queue.unshift(job);
      else if (out.kind === 'blocked') n.blocked++;
      else if (out.kind === 'record' && !isOver()) {
        try {
          await deps.store.put(out.record);
        } catch (e) {
          fail(`could not store the response for ${job.cell.key}: ${messageOf(e)}`);
          return;
        }
        const r = out.record;
        if (r.status === 'ok') n.ok++;
        else if (r.status === 'filtered') n.filtered++;
        else n.errors++;
        n.cost += r.cost_usd ?? 0;
        events.onResponse?.(r);
      }
    } catch (e) {
      fail(`run engine error at ${job.cell.key}: ${messageOf(e)}`);
    } finally {
      lane.running--;
      n.inFlight--;
      step();
    }
  }

  async function attempt(job: Job): Promise<Outcome> {
    const timeoutMs = job.model.provider.timeoutMs ?? deps.timeoutMs ?? 120_000;
    for (;;) {
      if (stopped()) return { kind: 'drop' };
      if (blocked.has(job.cell.model_id)) return { kind: 'blocked' };
      if (state !== 'running') return { kind: 'requeue' };

      job.attempts++;
      job.started_at ??= iso();
      const ac = newAbort();
      active.add(ac);
      let timedOut = false;
      const arm = () =>
        clock.timer(timeoutMs, () => {
          timedOut = true;
          ac.abort();
        });
      let stopTimer = arm();
      const t0 = clock.now();
      let err: ProviderError;
      try {
        const result = await job.provider.chat({
          model: job.model.model,
          messages: job.messages,
          params: spec.params,
          signal: ac.signal,
          // While streaming the timeout bounds the wait for each delta, as the adapters do: a slow
          // local model may stream for minutes and still be working.
          onToken:
            events.onToken &&
            ((d) => {
              stopTimer();
              stopTimer = arm();
              events.onToken!(job.cell.key, d);
            }),
        });
        if (stopped()) return { kind: 'drop' };
        return { kind: 'record', record: recordOf(job, result) };
      } catch (e) {
        if (stopped()) return { kind: 'drop' };
        err = timedOut
          ? new ProviderError(`no answer within ${timeoutMs / 1000} s`, 'transient')
          : job.provider.classifyError(e);
      } finally {
        stopTimer();
        active.delete(ac);
      }
      const latency = clock.now() - t0;

      if (err.kind === 'fatal') {
        if (err.status !== null && PROVIDER_LEVEL_STATUS.has(err.status)) {
          block(job.cell.model_id, `${err.message} (HTTP ${err.status})`);
          return { kind: 'blocked' };
        }
        return { kind: 'record', record: errorRecordOf(job, err, latency) };
      }
      if (job.attempts >= maxAttempts) return { kind: 'record', record: errorRecordOf(job, err, latency) };

      // Full jitter spreads retries of many cells hit by the same 429; Retry-After is a floor.
      const backoff = random() * Math.min(capMs, baseMs * 2 ** (job.attempts - 1));
      await clock.sleep(Math.max(backoff, (err.retryAfterSeconds ?? 0) * 1000), wake.signal);
    }
  }

  function base(job: Job) {
    return {
      id: `${spec.id}|${job.cell.key}`,
      run_id: spec.id,
      case_id: job.cell.case_id,
      framing: job.cell.framing,
      model_id: job.cell.model_id,
      rep: job.cell.rep,
      request: { model: job.model.model, messages: job.messages, params: spec.params },
      attempts: job.attempts,
      started_at: job.started_at ?? iso(),
      completed_at: iso(),
    };
  }

  function recordOf(job: Job, r: ChatResult): ResponseRecord {
    const filtered = r.finish_reason === 'content_filter' || r.text.trim() === '';
    const p = deps.price?.(job.cell.model_id);
    const { input_tokens: i, output_tokens: o } = r.usage;
    return {
      ...base(job),
      text: r.text,
      finish_reason: r.finish_reason,
      raw_finish_reason: r.raw_finish_reason,
      status: filtered ? 'filtered' : 'ok',
      usage: { input_tokens: i, output_tokens: o },
      latency_ms: r.latency_ms,
      cost_usd: p && i !== null && o !== null ? (i * p.input_per_mtok + o * p.output_per_mtok) / 1e6 : null,
      error: null,
      served_model: r.model,
    };
  }

  function errorRecordOf(job: Job, err: ProviderError, latency: number): ResponseRecord {
    return {
      ...base(job),
      text: '',
      finish_reason: 'error',
      raw_finish_reason: null,
      status: 'error',
      usage: { input_tokens: null, output_tokens: null },
      latency_ms: latency,
      cost_usd: null,
      error: err.message,
      served_model: null,
    };
  }

  async function load() {
    const stored = await deps.store.completedKeys(spec.id);
    const providers = new Map<string, Provider>();
    for (const m of spec.models) {
      try {
        providers.set(m.model_id, await deps.getProvider(m));
      } catch (e) {
        throw new Error(`could not set up ${m.model_id}: ${messageOf(e)}`);
      }
    }
    for (const cell of cells) {
      if (stored.has(cell.key)) {
        n.resumed++;
        continue;
      }
      const provider = providers.get(cell.model_id)!;
      let lane = lanes.get(provider.concurrencyKey);
      if (!lane) lanes.set(provider.concurrencyKey, (lane = { limit: spec.concurrency, running: 0, queue: [] }));
      lane.limit = Math.max(1, Math.min(lane.limit, provider.maxConcurrency));
      lane.queue.push({
        cell,
        model: modelsById.get(cell.model_id)!,
        provider,
        messages: messagesFor(casesById.get(cell.case_id)!, cell.framing),
        attempts: 0,
        started_at: null,
      });
    }
  }

  return {
    spec,
    progress,
    start() {
      if (state !== 'idle') throw new Error('a run controller starts once');
      const done = new Promise<RunResult>((resolve) => (settle = resolve));
      sessionStart = clock.now();
      setState('running');
      load().then(
        () => {
          loaded = true;
          step();
        },
        (e: unknown) => fail(messageOf(e)),
      );
      return done;
    },
    pause() {
      if (state !== 'running') return;
      wake.abort();
      state = 'pausing';
      emit();
      checkIdle();
    },
    resume() {
      if (state !== 'pausing' && state !== 'paused') return;
      if (pausedAt !== null) pausedMs += clock.now() - pausedAt;
      pausedAt = null;
      wake = newAbort();
      state = 'running';
      step();
    },
    cancel() {
      if (isOver()) return;
      const wasIdle = state === 'idle';
      stopEverything();
      setState('cancelled');
      if (!wasIdle) checkIdle();
    },
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
