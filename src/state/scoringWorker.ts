/// <reference lib="webworker" />
import type { Case } from '../core/caseSchema';
import type { ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
import { scoreResponsesLocally } from './localScoring';

/** Typed messages across the local-scoring worker boundary, the same type on both sides. */
export type LocalScoringRequest = { id: number; cases: Case[]; responses: ResponseRecord[]; now: string };
export type LocalScoringReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'done'; records: ScoreRecord[]; ms: number }
  | { id: number; type: 'error'; error: string };

// Rescoring thousands of responses takes seconds; here the page stays responsive and shows progress.
self.onmessage = (e: MessageEvent<LocalScoringRequest>) => {
  const { id, cases, responses, now } = e.data;
  const post = (reply: LocalScoringReply) => self.postMessage(reply);
  const t0 = performance.now();
  try {
    const records = scoreResponsesLocally(cases, responses, now, (done, total) => post({ id, type: 'progress', done, total }));
    post({ id, type: 'done', records, ms: performance.now() - t0 });
  } catch (err) {
    post({ id, type: 'error', error: err instanceof Error ? err.message : String(err) });
  }
};
