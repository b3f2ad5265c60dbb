import type { Case } from '../caseSchema';
import type { ResponseRecord } from '../run/types';
import type { ScoreRecord } from '../scoreRecord';
import { localScoreRecords } from './localScoreRecord';

/** Responses scored between two progress reports. */
const STEP = 250;

/**
 * The local scorer's verdicts for stored responses, in the order given, a step at a time,
 * reporting progress after each step: what the scoring worker runs. Each step is scored by
 * scoreLocallyMany (through localScoreRecords), which groups it case by case; responses read
 * from storage come in id order, i.e. already case by case, so a step rarely spans two cases.
 */
export function scoreResponsesLocally(cases: readonly Case[], responses: readonly ResponseRecord[], now: string, onProgress: (done: number, total: number) => void): ScoreRecord[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  // Every case is looked up before any scoring, so a missing one fails at once, not seconds in.
  const items = responses.map((response) => {
    const c = byId.get(response.case_id);
    if (!c) throw new Error(`response ${response.id} belongs to case "${response.case_id}", which is not in the library`);
    return { response, case: c };
  });
  const records: ScoreRecord[] = [];
  for (let i = 0; i < items.length; i += STEP) {
    records.push(...localScoreRecords(items.slice(i, i + STEP), now));
    onProgress(records.length, items.length);
  }
  return records;
}
