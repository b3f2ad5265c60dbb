/// <reference lib="webworker" />
import type { Case } from '../core/caseSchema';
import type { ResponseRecord } from '../core/run/types';
import { classifyLabelled } from '../core/calibration/classifyLabelled';
import type { LabelPrediction } from '../core/calibration/labelComparison';
import { openDb, type IatroscopeDb } from '../storage/db';
import { guardQuota } from '../storage/quota';
import { scoreResponsesLocally } from './localScoring';

/** Typed messages across the local-scoring worker boundary, the same type on both sides. */
export type LocalScoringRequest = { id: number; dbName: string; select: LocalScoringSelection; cases: Case[]; now: string };
/** Every response of one run, or the given responses (e.g. an analysis selection's). */
export type LocalScoringSelection = { runId: string } | { responseIds: string[] };
export type LocalScoringReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'done'; count: number; scoringMs: number; storingMs: number }
  | { id: number; type: 'error'; error: string };

/** A researcher's labelled lines for the local scorer to classify (no case, no database). */
export type LabelClassifyRequest = { id: number; kind: 'classify'; lines: { prompt: string; response: string }[] };
export type LabelClassifyReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'classified'; predictions: LabelPrediction[] }
  | { id: number; type: 'error'; error: string };

const dbs = new Map<string, IatroscopeDb>();

/**
 * Rescoring thousands of responses takes seconds: here the page stays responsive and shows
 * progress. The worker reads the run's responses and writes the verdicts itself (one
 * transaction, so a failure leaves the earlier scores as they were): sending ten thousand
 * responses in and their verdicts out cost more than reading and writing them here.
 */
self.onmessage = async (e: MessageEvent<LocalScoringRequest | LabelClassifyRequest>) => {
  if ('kind' in e.data) return classify(e.data);
  const { id, dbName, select, cases, now } = e.data;
  const post = (reply: LocalScoringReply) => self.postMessage(reply);
  try {
    let db = dbs.get(dbName);
    if (!db) dbs.set(dbName, (db = openDb(dbName)));
    const known = new Set(cases.map((c) => c.id));
    const chosen = 'runId' in select ? await db.responses.where('run_id').equals(select.runId).toArray() : await db.responses.bulkGet(select.responseIds);
    const responses = chosen.filter((r): r is ResponseRecord => r !== undefined && r.status !== 'error' && known.has(r.case_id));
    post({ id, type: 'progress', done: 0, total: responses.length });
    const t0 = performance.now();
    const records = scoreResponsesLocally(cases, responses, now, (done, total) => post({ id, type: 'progress', done, total }));
    const t1 = performance.now();
    await guardQuota(() => db.scores.bulkPut(records));
    post({ id, type: 'done', count: records.length, scoringMs: t1 - t0, storingMs: performance.now() - t1 });
  } catch (err) {
    post({ id, type: 'error', error: err instanceof Error ? err.message : String(err) });
  }
};

/** Ten thousand lines take seconds to classify: here, with progress, the page stays usable. */
function classify({ id, lines }: LabelClassifyRequest) {
  const post = (reply: LabelClassifyReply) => self.postMessage(reply);
  try {
    post({ id, type: 'progress', done: 0, total: lines.length });
    post({ id, type: 'classified', predictions: classifyLabelled(lines, (done, total) => post({ id, type: 'progress', done, total })) });
  } catch (err) {
    post({ id, type: 'error', error: err instanceof Error ? err.message : String(err) });
  }
}
