import { humanScorer, ratingSessionSchema, type RatingSessionRow } from '../core/rating';
import type { ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
import type { IatroscopeDb } from './db';
import { responsesIn } from './responseStore';
import { scoresBy } from './scoreStore';

const RATER_SETTING = 'rater_name';

export async function getRaterName(db: IatroscopeDb): Promise<string> {
  const row = await db.settings.get(RATER_SETTING);
  return typeof row?.value === 'string' ? row.value : '';
}

export async function setRaterName(db: IatroscopeDb, name: string): Promise<void> {
  await db.settings.put({ key: RATER_SETTING, value: name });
}

export interface RatingData {
  /** The responses in scope that can be rated (errors have no answer and are left out). */
  responses: ResponseRecord[];
  /** This rater's verdicts, in any scope. */
  mine: ScoreRecord[];
  session: RatingSessionRow | undefined;
}

/** What one rater's session needs, read in one go (suitable for a liveQuery). */
export async function loadRatingData(db: IatroscopeDb, rater: string, runId: string | null, sessionId: string): Promise<RatingData> {
  const [responses, mine, row] = await Promise.all([
    responsesIn(db, runId),
    scoresBy(db, humanScorer(rater)),
    db.ratings.get(sessionId),
  ]);
  const parsed = ratingSessionSchema.safeParse(row);
  return { responses: responses.filter((r) => r.status !== 'error'), mine, session: parsed.success ? parsed.data : undefined };
}

export async function putRatingSession(db: IatroscopeDb, row: RatingSessionRow): Promise<void> {
  await db.ratings.put(ratingSessionSchema.parse(row));
}
