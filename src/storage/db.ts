import Dexie, { type EntityTable } from 'dexie';
import { migrateCase } from '../core/caseMigrations';
import type { Case } from '../core/caseSchema';
import type { ResponseRecord } from '../core/run/types';
import { withScorerVersion, type ScoreRecord } from '../core/scoreRecord';
import type { RunRow } from '../core/workspaceFormat';

export type { RunRow };

export interface Row {
  id: string;
  [k: string]: unknown;
}
export interface SettingRow {
  key: string;
  value: unknown;
  [k: string]: unknown;
}
/** API keys, held apart so that no export path can reach them by accident. */
export interface SecretRow {
  key: string;
  value: string;
}

export type IatroscopeDb = Dexie & {
  cases: EntityTable<Case, 'id'>;
  runs: EntityTable<RunRow, 'id'>;
  responses: EntityTable<ResponseRecord, 'id'>;
  scores: EntityTable<ScoreRecord, 'id'>;
  ratings: EntityTable<Row, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  secrets: EntityTable<SecretRow, 'key'>;
};

export const DB_NAME = 'iatroscope';

/**
 * Numbered versions, never edited once shipped: a new version adds `.version(n).stores(...)`
 * with an `.upgrade()` that migrates rows, so every older database still opens.
 */
export function openDb(name = DB_NAME): IatroscopeDb {
  const db = new Dexie(name) as IatroscopeDb;
  db.version(1).stores({
    cases: '&id, category, expected_behaviour',
    runs: '&id, created_at',
    responses: '&id, run_id, case_id, model_id, [run_id+case_id]',
    scores: '&id, response_id, scorer',
    ratings: '&id, response_id, rater',
    settings: '&key',
    secrets: '&key',
  });
  // Cases are read from here without the schema, so stored ones are brought to the current case
  // format here, by the same steps that migrate case files. No index changes.
  db.version(2)
    .stores({})
    .upgrade((tx) =>
      tx
        .table('cases')
        .toCollection()
        .modify((c, ref) => {
          const r = migrateCase(c);
          if (r.ok) ref.value = r.value as Case;
        }),
    );
  // Verdicts stored before they carried a scorer_version get the version they were made by as
  // they are read. A hook, not an upgrade: the field is not indexed, and rows written by other
  // means (an older tab open alongside, a seeded test) are covered too.
  db.scores.hook('reading', withScorerVersion);
  return db;
}
