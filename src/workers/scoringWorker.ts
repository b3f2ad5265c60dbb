/// <reference lib="webworker" />
import type { Case } from '../core/caseSchema';
import type { ResponseRecord } from '../core/run/types';
import { classifyLabelled } from '../core/calibration/classifyLabelled';
import type { LabelPrediction } from '../core/calibration/labelComparison';
import { scoreResponsesLocally } from '../core/scoring/localScoring';
import { openStore, type Store } from '../storage/store';
import { serve, type Done } from './protocol';

/** Every response of one run, or the given responses (e.g. an analysis selection's). */
export type LocalScoringSelection = { runId: string } | { responseIds: string[] };

export type ScoringWorkerApi = {
  /** Scores stored responses with the local scorer and stores the verdicts. */
  score: {
    params: { dbName: string; select: LocalScoringSelection; cases: Case[]; now: string };
    progress: Done;
    result: { count: number; scoringMs: number; storingMs: number };
  };
  /** A researcher's labelled lines for the local scorer to classify (no case, no database). */
  classify: { params: { lines: { prompt: string; response: string }[] }; progress: Done; result: LabelPrediction[] };
};

const stores = new Map<string, Store>();

/**
 * Rescoring thousands of responses takes seconds: here the page stays responsive and shows
 * progress. The worker reads the run's responses and writes the verdicts itself (one
 * transaction, so a failure leaves the earlier scores as they were): sending ten thousand
 * responses in and their verdicts out cost more than reading and writing them here.
 */
async function score({ dbName, select, cases, now }: ScoringWorkerApi['score']['params'], progress: (p: Done) => void) {
  let store = stores.get(dbName);
  if (!store) stores.set(dbName, (store = openStore(dbName)));
  const known = new Set(cases.map((c) => c.id));
  const chosen = 'runId' in select ? await store.responsesOfRun(select.runId) : await store.responsesById(select.responseIds);
  const responses = chosen.filter((r): r is ResponseRecord => r !== undefined && r.status !== 'error' && known.has(r.case_id));
  progress({ done: 0, total: responses.length });
  const t0 = performance.now();
  const records = scoreResponsesLocally(cases, responses, now, (done, total) => progress({ done, total }));
  const t1 = performance.now();
  await store.putScores(records);
  return { count: records.length, scoringMs: t1 - t0, storingMs: performance.now() - t1 };
}

/** Ten thousand lines take seconds to classify: here, with progress, the page stays usable. */
function classify({ lines }: ScoringWorkerApi['classify']['params'], progress: (p: Done) => void) {
  progress({ done: 0, total: lines.length });
  return classifyLabelled(lines, (done, total) => progress({ done, total }));
}

serve<ScoringWorkerApi>(self, { score, classify });
