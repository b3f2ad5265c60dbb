import type { Case } from '../caseSchema';
import { cellKey } from '../domain';
import type { ChatMessage, ChatResult, Provider } from '../provider';
import { chatJob, providersFor, timeoutFor } from './chatJob';
import { systemClock } from './clock';
import { count, emptyTally, progressOf, type RunHandle, type RunProgress } from './progress';
import { recordOf, type SentCell } from './records';
import { createScheduler, messageOf, type Job, type Outcome, type Retry, type SchedulerOptions } from './scheduler';
import { shardCells, type Shard } from './shard';
import type { ResponseStore } from './store';
import { runSpecSchema, type Cell, type ModelSpec, type Price, type ResponseRecord, type RunSpec, type RunSpecInput } from './types';

export type { RunProgress, RunResult, RunState } from './progress';

/**
 * The case-matrix run: each case x framing x model x repetition of a RunSpec is a cell, each cell
 * a job on the scheduler (scheduler.ts, which owns lanes, retries, the deadline, pause, resume and
 * cancel). Each response is stored the moment it completes, and cells already stored are skipped.
 *
 * Decisions:
 * - A fatal error is recorded as status 'error'. A model whose key is rejected, or that does not
 *   exist, is blocked by the scheduler: its cells are not recorded, so fixing the key and running
 *   again fills in exactly those cells.
 * - If the store fails, the run stops ('failed'), in-flight requests are aborted, and the cell is
 *   not counted done: a response that is not stored does not exist.
 */

/** Event handlers; they are called synchronously and must not throw. */
export interface RunEvents {
  onProgress?(p: RunProgress): void;
  onToken?(cellKey: string, delta: string): void;
  /** Called after the record is stored. */
  onResponse?(record: ResponseRecord): void;
  /** A cell's request failed and will be tried again (a 429, a 500, a dropped connection). */
  onRetry?(cellKey: string, retry: Retry): void;
}

/** Clock, jitter, attempts and backoff go to the scheduler. */
export interface RunDeps extends SchedulerOptions {
  cases: readonly Case[];
  store: ResponseStore;
  /** Provider for a model; called once per model per run. */
  getProvider(model: ModelSpec): Promise<Provider>;
  /** Price for a model_id; cost is null when this returns undefined. */
  price?(modelId: string): Price | undefined;
  /**
   * Per-request deadline (ms) when the model's provider settings give none (default 120 000); while
   * streaming, the longest wait for the next delta.
   */
  timeoutMs?: number;
  /** Run only this slice of the cells (shard.ts); progress counts the slice. */
  shard?: Shard;
}

export interface RunController extends RunHandle {
  readonly spec: RunSpec;
}

/** The cells of a spec in run order: repetition first, so a partial run covers every case. */
export function expandCells(
  spec: Pick<RunSpec, 'reps' | 'case_ids' | 'framings'> & { models: readonly Pick<ModelSpec, 'model_id'>[] },
  cases: readonly Case[],
): Cell[] {
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

/** A cell as a scheduler job: the request it sends and what its record keeps. */
export interface CellJob extends Job<ChatResult> {
  sent: SentCell;
}

/** Parses a spec and lays out its cells; throws on a model listed twice or a case not given. */
export function planRun(specInput: RunSpecInput, cases: readonly Case[]): { spec: RunSpec; cells: Cell[] } {
  const spec = runSpecSchema.parse(specInput);
  const ids = spec.models.map((m) => m.model_id);
  const dupModel = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dupModel) throw new Error(`model "${dupModel}" appears twice in the run`);
  return { spec, cells: expandCells(spec, cases) };
}

/**
 * The cells not yet stored, as jobs, and how many were stored before. Every model's provider is
 * set up first, so a missing key fails the run before anything is spent.
 */
export async function pendingCellJobs(
  spec: RunSpec,
  cells: readonly Cell[],
  deps: Pick<RunDeps, 'cases' | 'store' | 'getProvider' | 'timeoutMs'>,
  onToken?: RunEvents['onToken'],
): Promise<{ resumed: number; jobs: CellJob[] }> {
  const stored = await deps.store.completedKeys(spec.id);
  const providers = await providersFor(spec.models, deps.getProvider);
  const casesById = new Map(deps.cases.map((c) => [c.id, c]));
  const modelsById = new Map(spec.models.map((m) => [m.model_id, m]));
  const pending = cells.filter((cell) => !stored.has(cell.key));
  const jobs = pending.map((cell): CellJob => {
    const model = modelsById.get(cell.model_id)!;
    const request = { model: model.model, messages: messagesFor(casesById.get(cell.case_id)!, cell.framing), params: spec.params };
    const job = chatJob({
      id: cell.key,
      group: cell.model_id,
      provider: providers.get(cell.model_id)!,
      request,
      concurrency: spec.concurrency,
      timeoutMs: timeoutFor(model, deps.timeoutMs),
      onToken: onToken && ((d) => onToken(cell.key, d)),
    });
    return { ...job, sent: { runId: spec.id, cell, request } };
  });
  return { resumed: cells.length - pending.length, jobs };
}

export function createRun(specInput: RunSpecInput, deps: RunDeps, events: RunEvents = {}): RunController {
  const planned = planRun(specInput, deps.cases);
  const spec = planned.spec;
  const cells = shardCells(planned.cells, deps.shard);
  const clock = deps.clock ?? systemClock;
  const tally = emptyTally();
  const progress = () => progressOf(tally, cells.length, scheduler.status());

  async function store(job: CellJob, outcome: Outcome<ChatResult>) {
    const record = recordOf(job.sent, outcome, clock.now(), deps.price?.(job.sent.cell.model_id));
    try {
      await deps.store.put(record);
    } catch (e) {
      throw new Error(`could not store the response for ${job.id}: ${messageOf(e)}`);
    }
    count(tally, record.status, record.cost_usd);
    events.onResponse?.(record);
  }

  const scheduler = createScheduler<ChatResult, CellJob>(
    {
      settle: store,
      onChange: () => events.onProgress?.(progress()),
      onRetry: (job, retry) => events.onRetry?.(job.id, retry),
      notRun: (n) => `${n} cells not run`,
    },
    deps,
  );

  async function load() {
    const pending = await pendingCellJobs(spec, cells, deps, events.onToken && ((key, d) => events.onToken!(key, d)));
    tally.resumed = pending.resumed;
    scheduler.submit(pending.jobs);
  }

  return {
    spec,
    progress,
    start: () => scheduler.start(load).then((r) => ({ ...r, progress: progress() })),
    pause: () => scheduler.pause(),
    resume: () => scheduler.resume(),
    cancel: () => scheduler.cancel(),
  };
}
