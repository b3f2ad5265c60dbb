import { scoreRecordSchema, type ScoreRecord } from '../core/scoreRecord';
import type { ScoreStore } from '../core/judge/judge';
import type { IatroscopeDb } from './db';
import { validRows } from './validRows';

/** Adds or replaces one verdict (the id is `${scorer}|${response_id}`, so re-rating replaces). */
export async function putScore(db: IatroscopeDb, record: ScoreRecord): Promise<void> {
  await db.scores.put(scoreRecordSchema.parse(record));
}

export async function deleteScore(db: IatroscopeDb, id: string): Promise<void> {
  await db.scores.delete(id);
}

/** Every verdict of one scorer, e.g. "human:Ana", validated. */
export async function scoresBy(db: IatroscopeDb, scorer: string): Promise<ScoreRecord[]> {
  return validRows('scores', scoreRecordSchema, await db.scores.where('scorer').equals(scorer).toArray());
}

/** The distinct scorers with at least one stored verdict, sorted. */
export async function scorerNames(db: IatroscopeDb): Promise<string[]> {
  return (await db.scores.orderBy('scorer').uniqueKeys()).map(String);
}

/** Ids of the stored responses of one run. */
export async function responseIdsOfRun(db: IatroscopeDb, runId: string): Promise<Set<string>> {
  return new Set((await db.responses.where('run_id').equals(runId).primaryKeys()) as string[]);
}

/**
 * The judge run's ScoreStore port over IndexedDB: `add` makes each verdict write-once, so a
 * resumed or doubled judge run never scores a response twice.
 */
export function createDexieScoreStore(db: IatroscopeDb): ScoreStore {
  return {
    async scoredResponseIds(scorer) {
      return new Set((await db.scores.where('scorer').equals(scorer).toArray()).map((s) => s.response_id));
    },
    async put(record) {
      await db.scores.add(scoreRecordSchema.parse(record));
    },
  };
}
