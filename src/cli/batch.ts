/**
 * `run --batch` and `score --judge --batch`: the requests go to the provider's own batch engine
 * (half price, within 24 hours) instead of one by one.
 *
 * Decisions:
 * - Each batch id is written to the state file (`<out>.batches.json`, batchState.ts) the moment
 *   its create call returns; the next run of the same command polls and collects those batches
 *   and submits only cells that are neither in --out nor in a batch still out.
 * - Ctrl-C stops before the next create; a create already sent is awaited and recorded first,
 *   so a submitted batch is never lost. Batches keep running at the provider meanwhile.
 * - An item the batch did not answer (an error, an expiry, a cancel) is recorded failed in the
 *   state file with its message, not in --out, and is resubmitted in a new batch on the next run
 *   of the command (not within the same run, so a request the provider refuses is not sent
 *   over and over).
 * - Results go to --out through the same record code as a live run (core/batch/batchRecords.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Case } from '../core/caseSchema';
import { decodeBatchKey, emptyKeyTable, encodeBatchKey } from '../core/batch/batchKey';
import { batchFailureMessage, batchRecord, type BatchAttempt, type BatchItemResult } from '../core/batch/batchRecords';
import { batchPrice, lineBytes, splitAtLimits, type BatchLimits } from '../core/batch/batchSplit';
import { cellKey, modelIdFor, type ApiProviderKind } from '../core/domain';
import { plural } from '../core/plural';
import { judgeRequest, judgeScorer, triage, verdictOf, filteredScoreRecord, type JudgeProtocol, type ScoreStore } from '../core/judge';
import { messagesFor, planRun } from '../core/run/engine';
import { answerFields, type SentCell } from '../core/run/records';
import { shardCells, type Shard } from '../core/run/shard';
import type { ModelSpec, Price, ResponseRecord, RunParams } from '../core/run/types';
import type { BatchApi, BatchRequest, BatchStatus } from '../providers/batch/batchApi';
import { batchStatePath, readBatchState, writeBatchState, type BatchState, type SubmittedBatch } from './batchState';
import { openJsonlStore } from './jsonlStore';

/** How a batch command waits for its batches. */
export interface BatchFlags {
  /** Between two polls of the batches still out. */
  pollMs: number;
  /** false: submit, poll once, collect what has ended, and return (--no-wait). */
  wait: boolean;
}

export interface BatchHooks {
  /** Aborted on Ctrl-C: no further create is sent, no further poll made. */
  signal?: AbortSignal;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
  /** Smaller limits than the provider's (tests). */
  limits?: BatchLimits;
  /** Wraps or replaces the provider's batch API (tests interrupt a create with it). */
  wrapApi?: (api: BatchApi) => BatchApi;
}

export interface BatchSummary {
  /** Batches created by this command. */
  submitted: number;
  /** Results written to the output by this command. */
  stored: number;
  /** Items recorded failed by this command (resubmitted on the next run). */
  failed: number;
  /** Batches still running at the provider. */
  open: number;
  statePath: string;
}

interface Endpoint {
  kind: ApiProviderKind;
  baseUrl?: string;
  apiKey?: string;
}

async function batchApiFor(e: Endpoint, hooks: BatchHooks): Promise<BatchApi> {
  const api = await (await import('../providers/batch/loadBatchApi')).loadBatchApi(e);
  return hooks.wrapApi ? hooks.wrapApi(api) : api;
}

interface Drive {
  api: BatchApi;
  state: BatchState;
  statePath: string;
  /** Items not stored yet; those already in a batch still out are not submitted again. */
  pending: BatchRequest[];
  /** Writes an answered item's record; false when the output already holds it. */
  store(key: string, result: Extract<BatchItemResult, { kind: 'done' }>, attempt: BatchAttempt): Promise<boolean>;
  flags: BatchFlags;
  hooks: BatchHooks;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Submits the pending items not already out, split at the provider's limits (and per model where it needs one). */
async function submitPending(d: Drive, s: BatchSummary): Promise<void> {
  const out = new Set(d.state.batches.filter((b) => !b.collected).flatMap((b) => b.keys));
  const byModel = new Map<string, BatchRequest[]>();
  for (const item of d.pending) {
    if (out.has(item.key)) continue;
    const model = d.api.oneModelPerBatch ? item.request.model : '';
    const group = byModel.get(model);
    if (group) group.push(item);
    else byModel.set(model, [item]);
  }
  for (const items of byModel.values()) {
    const model = items[0]!.request.model;
    const lines = items.map((i) => {
      const line = d.api.line(i);
      return { key: i.key, line, bytes: lineBytes(line) };
    });
    for (const chunk of splitAtLimits(lines, d.hooks.limits ?? d.api.limits)) {
      if (d.hooks.signal?.aborted) return;
      const id = await d.api.submit(chunk.map((c) => c.line), model);
      d.state.batches.push({ id, model, keys: chunk.map((c) => c.key), submitted_at: new Date().toISOString(), state: 'submitted', collected: false });
      await writeBatchState(d.statePath, d.state);
      s.submitted++;
      d.hooks.log?.(`batch ${id}: submitted ${plural(chunk.length, 'request')}`);
    }
  }
}

function statusLine(b: SubmittedBatch, st: BatchStatus): string {
  const counts = st.succeeded === null ? '' : `, ${st.succeeded} succeeded, ${st.failed ?? 0} failed`;
  return `batch ${b.id} (${plural(b.keys.length, 'request')}): ${st.state}${counts}${st.error ? ` (${st.error})` : ''}`;
}

/** Polls each batch still out once; writes the results of those that ended. */
async function collectEnded(d: Drive, s: BatchSummary): Promise<void> {
  const attempts = new Map<string, number>();
  for (const b of d.state.batches) for (const k of b.keys) attempts.set(k, (attempts.get(k) ?? 0) + 1);
  for (const b of d.state.batches.filter((x) => !x.collected)) {
    if (d.hooks.signal?.aborted) return;
    const st = await d.api.status(b.id);
    b.state = st.state;
    d.hooks.log?.(statusLine(b, st));
    if (!st.ended) continue;
    const results = new Map((await d.api.results(b.id, b.keys)).map((r) => [r.key, r.result]));
    const missing = `the batch ended "${st.state}" without a result for this request${st.error ? `: ${st.error}` : ''}`;
    const failed: string[] = [];
    for (const key of b.keys) {
      const result = results.get(key) ?? { kind: 'failed', message: missing, expired: /expired/i.test(st.state) };
      if (result.kind === 'failed') {
        d.state.failed[key] = batchFailureMessage(result);
        failed.push(`  failed ${describeKey(d.state, key)}: ${d.state.failed[key]}`);
        s.failed++;
        continue;
      }
      delete d.state.failed[key];
      if (await d.store(key, result, { submittedAt: Date.parse(b.submitted_at), attempts: attempts.get(key) ?? 1 })) s.stored++;
    }
    b.collected = true;
    await writeBatchState(d.statePath, d.state);
    for (const line of failed.slice(0, FAILURES_SHOWN)) d.hooks.log?.(line);
    if (failed.length > FAILURES_SHOWN) d.hooks.log?.(`  and ${failed.length - FAILURES_SHOWN} more failed (listed in ${d.statePath})`);
  }
}

/** Failed items named on stderr per batch; the state file lists them all. */
const FAILURES_SHOWN = 5;

/** Submits, then polls and collects until every batch has ended (or once, with --no-wait, or until Ctrl-C). */
async function drive(d: Drive): Promise<BatchSummary> {
  const s: BatchSummary = { submitted: 0, stored: 0, failed: 0, open: 0, statePath: d.statePath };
  await submitPending(d, s);
  for (;;) {
    await collectEnded(d, s);
    s.open = d.state.batches.filter((b) => !b.collected).length;
    if (s.open === 0 || !d.flags.wait || d.hooks.signal?.aborted) break;
    await sleep(d.flags.pollMs, d.hooks.signal);
  }
  return s;
}

/** The state file for `out`, or a new one; refuses one made for another command, provider or model. */
async function openState(out: string, want: Pick<BatchState, 'kind' | 'provider' | 'model_id' | 'run_id'>): Promise<BatchState> {
  const path = batchStatePath(out);
  const state = await readBatchState(path);
  if (!state) return { version: 1, ...want, keys: emptyKeyTable(), batches: [], failed: {} };
  for (const field of ['kind', 'provider', 'model_id'] as const) {
    if (state[field] !== want[field]) {
      throw new Error(`${path} holds batches of ${state.kind} ${state.model_id} (${state.provider}); write to a new --out, or run that command again`);
    }
  }
  return state;
}

export interface BatchRunInput extends Endpoint {
  out: string;
  model: string;
  cases: Case[];
  framings: string[];
  reps: number;
  params: RunParams;
  shard?: Shard;
  /** The model's live price; batch records cost half of it. */
  price?: Price;
  flags: BatchFlags;
}

/** `run --batch`: the run's cells not yet in --out go to the provider's batch engine. */
export async function runBatchToJsonl(i: BatchRunInput, hooks: BatchHooks = {}): Promise<BatchSummary & { total: number; done: number }> {
  const store = await openJsonlStore(i.out);
  try {
    const before = store.firstParams;
    if (before && (before.temperature !== i.params.temperature || before.max_tokens !== i.params.max_tokens)) {
      throw new Error(`${i.out} holds responses made with --temperature ${before.temperature} --max-tokens ${before.max_tokens}; resume with the same settings, or write to a new --out`);
    }
    const model: ModelSpec = { model_id: modelIdFor(i, i.model), provider: { kind: i.kind, ...(i.baseUrl ? { baseUrl: i.baseUrl } : {}) }, model: i.model };
    const statePath = batchStatePath(i.out);
    const prior = await readBatchState(statePath);
    const runId = store.runIds[0] ?? (prior?.run_id || `run-${randomUUID()}`);
    const state = await openState(i.out, { kind: 'run', provider: i.kind, model_id: model.model_id, run_id: runId });
    const planned = planRun({ id: runId, name: i.out, created_at: new Date().toISOString(), case_ids: i.cases.map((c) => c.id), framings: i.framings, models: [model], reps: i.reps, params: i.params }, i.cases);
    const cells = shardCells(planned.cells, i.shard);
    const stored = await store.completedKeys(runId);
    const casesById = new Map(i.cases.map((c) => [c.id, c]));
    const sent = new Map<string, SentCell>();
    const pending = cells.filter((c) => !stored.has(c.key)).map((cell): BatchRequest => {
      const key = encodeBatchKey(state.keys, { run_id: runId, ...cell });
      const request = { model: i.model, messages: messagesFor(casesById.get(cell.case_id)!, cell.framing), params: planned.spec.params };
      sent.set(key, { runId, cell, request });
      return { key, request };
    });
    const d: Drive = {
      api: await batchApiFor(i, hooks),
      state,
      statePath,
      pending,
      async store(key, result, attempt) {
        const cell = sent.get(key);
        // Already in --out (a collect cut short after writing), or no longer one of this run's cells.
        if (!cell || (await store.has(runId, cell.cell.key))) return false;
        await store.put(batchRecord(cell, result, attempt, Date.now(), i.price));
        return true;
      },
      flags: i.flags,
      hooks,
    };
    const summary = await drive(d);
    const done = cells.filter((c) => stored.has(c.key)).length + summary.stored;
    return { ...summary, total: cells.length, done };
  } finally {
    await store.close();
  }
}

export interface BatchJudgeInput extends Endpoint {
  /** The scores file; its state file sits next to it. */
  out: string;
  model: string;
  protocol: JudgeProtocol;
  responses: readonly ResponseRecord[];
  cases: readonly Case[];
  scoreStore: ScoreStore;
  price?: Price;
  flags: BatchFlags;
}

/**
 * `score --judge --batch`: each answered response not yet scored by this judge goes to the
 * judge's batch engine; empty or filtered ones are scored by rule at once, as in a live judging.
 */
export async function judgeBatchToJsonl(i: BatchJudgeInput, hooks: BatchHooks = {}): Promise<BatchSummary & { byRule: number; parseFailures: number; unanswered: number }> {
  const judge: ModelSpec = { model_id: modelIdFor(i, i.model), provider: { kind: i.kind, ...(i.baseUrl ? { baseUrl: i.baseUrl } : {}) }, model: i.model };
  const o = { protocol: i.protocol, judge };
  const scorer = judgeScorer(i.protocol, judge.model_id);
  const { toJudge, byRule, unanswered } = triage(i.responses, i.cases);
  const done = await i.scoreStore.scoredResponseIds(scorer);
  let ruled = 0;
  for (const { response, case: c } of byRule) {
    if (done.has(response.id)) continue;
    await i.scoreStore.put(filteredScoreRecord(i.protocol, judge.model_id, response, c));
    done.add(response.id);
    ruled++;
  }
  const state = await openState(i.out, { kind: 'judge', provider: i.kind, model_id: `${scorer}`, run_id: '' });
  const byKey = new Map<string, (typeof toJudge)[number]>();
  const pending = toJudge.filter((t) => !done.has(t.response.id)).map((t): BatchRequest => {
    const key = encodeBatchKey(state.keys, t.response);
    byKey.set(key, t);
    return { key, request: judgeRequest(o, t.response, t.case) };
  });
  let parseFailures = 0;
  const summary = await drive({
    api: await batchApiFor(i, hooks),
    state,
    statePath: batchStatePath(i.out),
    pending,
    async store(key, result, attempt) {
      const t = byKey.get(key);
      if (!t || done.has(t.response.id)) return false;
      const answer = answerFields({ ...result.value, latency_ms: 0 }, batchPrice(i.price));
      const { score, parsed } = verdictOf(o, t.response, t.case, answer, attempt.attempts, Date.now());
      await i.scoreStore.put(score);
      done.add(t.response.id);
      if (!parsed.ok) parseFailures++;
      return true;
    },
    flags: i.flags,
    hooks,
  });
  return { ...summary, byRule: ruled, parseFailures, unanswered };
}

/** The cell a batch key of a state file stands for, as a cell key (for messages about failed items). */
export function describeKey(state: BatchState, key: string): string {
  const cell = decodeBatchKey(state.keys, key);
  return cell ? cellKey(cell) : key;
}

/**
 * Runs `work` with Ctrl-C turned into an abort: the command stops before its next create or poll,
 * after recording any create already sent.
 */
export async function abortableOnSigint<T>(err: (line: string) => void, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSigint = () => {
    err('\nstopping: a batch being submitted is recorded first; submitted batches keep running at the provider, and running the same command again collects them');
    ac.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    return await work(ac.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
