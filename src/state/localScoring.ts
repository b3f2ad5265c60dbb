import type { Case } from '../core/caseSchema';
import type { ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
import { localScoreRecord } from '../core/scoring/scoreRecord';

/** Responses scored between two progress reports. */
const STEP = 250;

/**
 * The local scorer's verdicts for a run's responses, case by case (why: see scoreLocallyMany)
 * and a step at a time, reporting progress after each step. What the scoring worker runs.
 */
export function scoreResponsesLocally(cases: readonly Case[], responses: readonly ResponseRecord[], now: string, onProgress: (done: number, total: number) => void): ScoreRecord[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const byCase = new Map<string, ResponseRecord[]>();
  for (const r of responses) {
    const list = byCase.get(r.case_id);
    if (list) list.push(r);
    else byCase.set(r.case_id, [r]);
  }
  const records: ScoreRecord[] = [];
  for (const [caseId, list] of byCase) {
    const c = byId.get(caseId);
    if (!c) throw new Error(`response ${list[0]!.id} belongs to case "${caseId}", which is not in the library`);
    for (let i = 0; i < list.length; i += STEP) {
      for (const response of list.slice(i, i + STEP)) records.push(localScoreRecord(response, c, now));
      onProgress(records.length, responses.length);
    }
  }
  return records;
}
