import { liveQuery } from 'dexie';
import { submittedAppBatchesSchema, type SubmittedAppBatch } from '../core/batch/runBatch';
import { caseSchema, type Case } from '../core/caseSchema';
import { isResponseOfRun } from '../core/domain';
import { endpointsSchema, type Endpoint } from '../core/endpoint';
import type { ScoreStore } from '../core/judge/judge';
import type { RatingSessionRow } from '../core/rating';
import type { ResponseStore } from '../core/run/store';
import { responseRecordSchema, type ResponseRecord } from '../core/run/types';
import { scoreRecordSchema, type ScoreRecord } from '../core/scoreRecord';
import { runRowSchema, sentRequestsSchema, type RunRow, type SentRequests, type Workspace } from '../core/workspaceFormat';
import { DB_NAME, openDb, type IatroscopeDb } from './db';
import { KeyStore } from './keyStore';
import { guardQuota } from './quota';
import { getRaterName, loadRatingData, putRatingSession, setRaterName, type RatingData } from './ratingStore';
import { createDexieResponseStore, responsesIn, responsesOfRun } from './responseStore';
import { createDexieScoreStore, deleteScore, putScore, responseIdsOfRun, scorerNames, scoresBy } from './scoreStore';
import { validRow, validRows } from './validRows';
import { exportWorkspace, importWorkspace, putCases } from './workspaceStore';

/** What a live query hands out: Dexie's observable, typed as little as the app uses of it. */
export interface Observable<T> {
  subscribe(observer: { next: (value: T) => void; error?: (e: unknown) => void }): { unsubscribe(): void };
}

/**
 * A query over the store that runs again whenever a table it read changes, in this tab or
 * another (Dexie's liveQuery). The query should read through Store methods only.
 */
export function observe<T>(query: () => Promise<T>): Observable<T> {
  return liveQuery(query);
}

const ENDPOINTS_SETTING = 'endpoints';
/** Followed by a run id: the batches submitted for that run from this browser. */
const BATCHES_SETTING = 'batches:';

/**
 * The typed operations the page and its workers run on the browser database. State classes
 * hold a Store, never the database: every row read is checked against its schema (validRows)
 * and every row written is parsed first, so what the UI sees has the shape core expects.
 */
export class Store {
  readonly #db: IatroscopeDb;
  /** API keys: in memory for this tab unless remembered on this device. */
  readonly keys: KeyStore;

  constructor(db: IatroscopeDb) {
    this.#db = db;
    this.keys = new KeyStore(db);
  }

  /** The database's name, for a worker to open the same one. */
  get name(): string {
    return this.#db.name;
  }

  // Cases: the user's and imported ones (bundled cases are not stored).

  async storedCases(): Promise<Case[]> {
    return validRows('cases', caseSchema, await this.#db.cases.orderBy('id').toArray());
  }

  /** Adds or replaces cases, all or none, stamped with the time. */
  putCases(cases: Case[]): Promise<void> {
    return putCases(this.#db, cases);
  }

  /** Deletes a stored case; returns it for an undo (undefined when absent or no longer valid). */
  async deleteCase(id: string): Promise<Case | undefined> {
    const db = this.#db;
    return db.transaction('rw', db.cases, async () => {
      const row = await db.cases.get(id);
      if (!row) return undefined;
      await db.cases.delete(id);
      const parsed = caseSchema.safeParse(row);
      return parsed.success ? parsed.data : undefined;
    });
  }

  /** Puts a deleted case back as it was. */
  async restoreCase(c: Case): Promise<void> {
    await guardQuota(() => this.#db.cases.put(caseSchema.parse(c)));
  }

  // Runs.

  async runsNewestFirst(): Promise<RunRow[]> {
    return validRows('runs', runRowSchema, await this.#db.runs.orderBy('created_at').reverse().toArray());
  }

  async run(id: string): Promise<RunRow | undefined> {
    const row = await this.#db.runs.get(id);
    return row === undefined ? undefined : validRow('runs', runRowSchema, row);
  }

  async addRun(row: RunRow): Promise<void> {
    await guardQuota(() => this.#db.runs.add(runRowSchema.parse(row)));
  }

  /** Records where a run got to; the error is left as it was when not given. */
  async setRunState(id: string, state: RunRow['state'], error?: string | null): Promise<void> {
    const changes: Partial<RunRow> = { state: runRowSchema.shape.state.parse(state) };
    if (error !== undefined) changes.error = error;
    await this.#db.runs.update(id, changes);
  }

  /** Records the requests in flight for a run (none: clears the record). */
  async setRunInFlight(id: string, sent: SentRequests | null): Promise<void> {
    const value = sent === null ? undefined : sentRequestsSchema.parse(sent);
    await this.#db.runs
      .where('id')
      .equals(id)
      .modify((row) => {
        if (value) row.in_flight = value;
        else delete row.in_flight;
      });
  }

  /**
   * Counts the requests a run had in flight when its tab closed or reloaded as unanswered (they
   * were sent, so they cost), and clears them; in one transaction. Call before driving the run.
   */
  async chargeUnanswered(id: string): Promise<SentRequests | undefined> {
    const db = this.#db;
    return db.transaction('rw', db.runs, async () => {
      const row = await db.runs.get(id);
      if (!row?.in_flight) return row?.unanswered;
      const before = row.unanswered ?? { requests: 0, cost_usd: 0 };
      const add = row.in_flight;
      const unanswered = {
        requests: before.requests + add.requests,
        cost_usd: before.cost_usd === null || add.cost_usd === null ? null : before.cost_usd + add.cost_usd,
      };
      await db.runs
        .where('id')
        .equals(id)
        .modify((r) => {
          r.unanswered = unanswered;
          delete r.in_flight;
        });
      return unanswered;
    });
  }

  /** Deletes a run with its responses and every verdict on them, in one transaction. */
  async deleteRunCascade(id: string): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', db.runs, db.responses, db.scores, db.settings, async () => {
      const ids = (await db.responses.where('run_id').equals(id).primaryKeys()) as string[];
      await db.scores.where('response_id').anyOf(ids).delete();
      await db.responses.bulkDelete(ids);
      await db.settings.delete(`${BATCHES_SETTING}${id}`);
      await db.runs.delete(id);
    });
  }

  // Responses: written once by a run, read by every scorer.

  /** The run engine's ResponseStore port over this database. */
  responseStore(): ResponseStore {
    return createDexieResponseStore(this.#db);
  }

  /** The responses of one run, in id order (case by case). */
  responsesOfRun(runId: string): Promise<ResponseRecord[]> {
    return responsesOfRun(this.#db, runId);
  }

  /** The responses of one run, or of every run when runId is null. */
  responsesIn(runId: string | null): Promise<ResponseRecord[]> {
    return responsesIn(this.#db, runId);
  }

  /** Every stored response to one case from one model, in any run. */
  async responsesOfCase(caseId: string, modelId: string): Promise<ResponseRecord[]> {
    const rows = await this.#db.responses.where('case_id').equals(caseId).toArray();
    return validRows('responses', responseRecordSchema, rows.filter((r) => r.model_id === modelId));
  }

  /** The responses with these ids, in the same order; undefined where none is stored. */
  async responsesById(ids: readonly string[]): Promise<(ResponseRecord | undefined)[]> {
    return (await this.#db.responses.bulkGet([...ids])).map((r) => (r === undefined ? undefined : validRow('responses', responseRecordSchema, r)));
  }

  responseIdsOfRun(runId: string): Promise<Set<string>> {
    return responseIdsOfRun(this.#db, runId);
  }

  /**
   * Stores a batch's results as the run's responses, all or none, in one transaction: a cell
   * with no response, or a failed one, takes the batch's record (a failed record's verdicts go
   * with it); a cell already answered keeps its answer. Returns how many were written and kept.
   */
  async putBatchResponses(records: readonly ResponseRecord[]): Promise<{ written: number; kept: number }> {
    const rows = records.map((r) => responseRecordSchema.parse(r));
    const db = this.#db;
    return guardQuota(() =>
      db.transaction('rw', db.responses, db.scores, async () => {
        const before = await db.responses.bulkGet(rows.map((r) => r.id));
        const take: ResponseRecord[] = [];
        const replaced: string[] = [];
        rows.forEach((r, i) => {
          const old = before[i];
          if (old !== undefined && old.status !== 'error') return;
          take.push(r);
          if (old) replaced.push(r.id);
        });
        if (replaced.length) await db.scores.where('response_id').anyOf(replaced).delete();
        await db.responses.bulkPut(take);
        return { written: take.length, kept: rows.length - take.length };
      }),
    );
  }

  /** Deletes a run's failed responses (and any verdict on them) in one transaction, so they can be asked again. */
  async dropFailedResponses(runId: string): Promise<number> {
    const db = this.#db;
    return db.transaction('rw', db.responses, db.scores, async () => {
      const ids = (await db.responses.where('run_id').equals(runId).filter((r) => r.status === 'error').primaryKeys()) as string[];
      await db.scores.where('response_id').anyOf(ids).delete();
      await db.responses.bulkDelete(ids);
      return ids.length;
    });
  }

  /** The batches submitted from this browser for a run (ids kept so a reload polls them, never resubmits). */
  async submittedBatches(runId: string): Promise<SubmittedAppBatch[]> {
    const row = await this.#db.settings.get(`${BATCHES_SETTING}${runId}`);
    const parsed = submittedAppBatchesSchema.safeParse(row?.value ?? []);
    return parsed.success ? parsed.data : [];
  }

  async putSubmittedBatches(runId: string, batches: readonly SubmittedAppBatch[]): Promise<void> {
    const value = submittedAppBatchesSchema.parse(batches);
    await guardQuota(() => this.#db.settings.put({ key: `${BATCHES_SETTING}${runId}`, value }));
  }

  // Scores: any number of scorers' verdicts per response.

  /** One scorer's verdicts, only on the responses of the given runs when runIds is given. */
  async scoresFor(scorer: string, runIds?: readonly string[]): Promise<ScoreRecord[]> {
    const all = await scoresBy(this.#db, scorer);
    if (!runIds) return all;
    return all.filter((s) => runIds.some((runId) => isResponseOfRun(runId, s.response_id)));
  }

  /** Every verdict on the responses of one run, by any scorer. */
  async scoresOfRun(runId: string): Promise<ScoreRecord[]> {
    // A response id starts with its run's id (domain.ts responseId).
    return validRows('scores', scoreRecordSchema, await this.#db.scores.where('response_id').startsWith(`${runId}|`).toArray());
  }

  /** Every verdict on these responses, by any scorer. */
  async scoresOfResponses(responseIds: readonly string[]): Promise<ScoreRecord[]> {
    return validRows('scores', scoreRecordSchema, await this.#db.scores.where('response_id').anyOf([...responseIds]).toArray());
  }

  /** The distinct scorers with at least one stored verdict, sorted. */
  scorerNames(): Promise<string[]> {
    return scorerNames(this.#db);
  }

  /**
   * How many verdicts each scorer has, by scorer name: all of them (read from the index alone),
   * or those on the responses of the given runs when runIds is given.
   */
  async scorerCounts(runIds?: readonly string[]): Promise<{ scorer: string; n: number }[]> {
    const counts = new Map<string, number>();
    const scores = this.#db.scores;
    const keys = runIds
      ? // A response id starts with its run's id (domain.ts responseId).
        (await scores.where('response_id').startsWithAnyOf(runIds.map((r) => `${r}|`)).toArray()).map((s) => s.scorer)
      : await scores.orderBy('scorer').keys();
    for (const key of keys) counts.set(String(key), (counts.get(String(key)) ?? 0) + 1);
    return [...counts].map(([scorer, n]) => ({ scorer, n })).sort((a, b) => a.scorer.localeCompare(b.scorer));
  }

  /** Adds or replaces one verdict (re-rating replaces: the id is `${scorer}|${response_id}`). */
  putScore(record: ScoreRecord): Promise<void> {
    return putScore(this.#db, record);
  }

  deleteScore(id: string): Promise<void> {
    return deleteScore(this.#db, id);
  }

  /** Adds or replaces many verdicts in one transaction, so a failure leaves the earlier ones as they were. */
  async putScores(records: readonly ScoreRecord[]): Promise<void> {
    const rows = records.map((r) => scoreRecordSchema.parse(r));
    await guardQuota(() => this.#db.scores.bulkPut(rows));
  }

  /** Replaces every verdict of one scorer with these, in one transaction (a re-imported file leaves nothing stale). */
  async replaceScoresOf(scorer: string, records: readonly ScoreRecord[]): Promise<void> {
    const rows = records.map((r) => scoreRecordSchema.parse(r));
    if (rows.some((r) => r.scorer !== scorer)) throw new Error(`every verdict must be by ${scorer}`);
    const db = this.#db;
    await guardQuota(() =>
      db.transaction('rw', db.scores, async () => {
        await db.scores.where('scorer').equals(scorer).delete();
        await db.scores.bulkPut(rows);
      }),
    );
  }

  /** Published scores with the cases they refer to, written together or not at all. */
  async importPublishedScores(cases: readonly Case[], scores: readonly ScoreRecord[]): Promise<void> {
    const caseRows = cases.map((c) => caseSchema.parse(c));
    const scoreRows = scores.map((s) => scoreRecordSchema.parse(s));
    const db = this.#db;
    await guardQuota(() =>
      db.transaction('rw', db.cases, db.scores, async () => {
        await db.cases.bulkPut(caseRows);
        await db.scores.bulkPut(scoreRows);
      }),
    );
  }

  /** The judge's ScoreStore port over this database (write-once verdicts). */
  judgeScoreStore(): ScoreStore {
    return createDexieScoreStore(this.#db);
  }

  // Ratings.

  raterName(): Promise<string> {
    return getRaterName(this.#db);
  }

  setRaterName(name: string): Promise<void> {
    return setRaterName(this.#db, name);
  }

  /** What one rater's session needs, read in one go (suitable for observe). */
  ratingData(rater: string, runId: string | null, sessionId: string): Promise<RatingData> {
    return loadRatingData(this.#db, rater, runId, sessionId);
  }

  putRatingSession(row: RatingSessionRow): Promise<void> {
    return putRatingSession(this.#db, row);
  }

  // Settings.

  /** The user's model sources; none when the setting is absent or no longer valid. */
  async endpoints(): Promise<Endpoint[]> {
    const row = await this.#db.settings.get(ENDPOINTS_SETTING);
    const parsed = endpointsSchema.safeParse(row?.value ?? []);
    return parsed.success ? parsed.data : [];
  }

  async putEndpoints(endpoints: readonly Endpoint[]): Promise<void> {
    await this.#db.settings.put({ key: ENDPOINTS_SETTING, value: endpointsSchema.parse(endpoints) });
  }

  // The whole workspace.

  exportWorkspace(): Promise<Workspace> {
    return exportWorkspace(this.#db);
  }

  /** Replaces the workspace with a file's content, all or nothing (throws WorkspaceImportError). */
  importWorkspace(file: string, text: string): Promise<Workspace> {
    return importWorkspace(this.#db, file, text);
  }

  /** Deletes the database: cases, runs, scores, keys, everything. This Store is unusable after. */
  async deleteAll(): Promise<void> {
    this.#db.close();
    await this.#db.delete();
  }
}

/** The Store over the app's database (or a named one: tests, a worker opening the page's). */
export function openStore(name = DB_NAME): Store {
  return new Store(openDb(name));
}
