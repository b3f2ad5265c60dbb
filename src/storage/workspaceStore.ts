import { caseSchema, type Case } from '../core/caseSchema';
import { formatLocated, type LocatedError } from '../core/located';
import {
  TABLE_NAMES,
  WORKSPACE_FORMAT,
  WORKSPACE_VERSION,
  isSecretSettingKey,
  parseWorkspace,
  type Workspace,
} from '../core/workspaceFormat';
import type { IatroscopeDb } from './db';
import { StorageFullError, guardQuota, isQuotaError } from './quota';

export async function exportWorkspace(db: IatroscopeDb, now = new Date()): Promise<Workspace> {
  return db.transaction('r', TABLE_NAMES.map((t) => db.table(t)), async () => {
    const [cases, runs, responses, scores, ratings, settings] = await Promise.all([
      db.cases.toArray(),
      db.runs.toArray(),
      db.responses.toArray(),
      db.scores.toArray(),
      db.ratings.toArray(),
      db.settings.toArray(),
    ]);
    const ws: Workspace = {
      format: WORKSPACE_FORMAT,
      version: WORKSPACE_VERSION,
      exported_at: now.toISOString(),
      tables: { cases, runs, responses, scores, ratings, settings: settings.filter((s) => !isSecretSettingKey(s.key)) },
    };
    return ws;
  });
}

export class WorkspaceImportError extends Error {
  constructor(readonly errors: LocatedError[]) {
    super(errors.slice(0, 5).map(formatLocated).join('\n') + (errors.length > 5 ? `\n... and ${errors.length - 5} more` : ''));
  }
}

/**
 * Replaces the workspace (all tables but secrets) with the file's content, in one transaction:
 * a bad file is rejected before anything is touched, and a failure mid-write rolls back.
 */
export async function importWorkspace(db: IatroscopeDb, file: string, text: string): Promise<Workspace> {
  const parsed = parseWorkspace(file, text);
  if (!parsed.ok) throw new WorkspaceImportError(parsed.errors);
  const ws = parsed.value;
  try {
    await db.transaction('rw', TABLE_NAMES.map((t) => db.table(t)), async () => {
      for (const t of TABLE_NAMES) {
        await db.table(t).clear();
        const rows = t === 'settings' ? ws.tables.settings.filter((s) => !isSecretSettingKey(s.key)) : ws.tables[t];
        await db.table(t).bulkAdd(rows);
      }
    });
  } catch (e) {
    // The transaction rolled back. A schema-valid file can still repeat an id (Dexie's BulkError);
    // callers get the same error type for every bad file.
    const why = isQuotaError(e) ? new StorageFullError().message : (e as Error).message;
    throw new WorkspaceImportError([{ file, path: '$.tables', message: `nothing was stored: ${why}` }]);
  }
  return ws;
}

/** Adds or replaces user and imported cases, all or none; a case that fails the schema stores nothing. */
export async function putCases(db: IatroscopeDb, cases: Case[]): Promise<void> {
  const stamp = new Date().toISOString();
  const rows = cases.map((c) => caseSchema.parse({ ...c, updated_at: stamp }));
  await guardQuota(() => db.transaction('rw', db.cases, () => db.cases.bulkPut(rows)));
}
