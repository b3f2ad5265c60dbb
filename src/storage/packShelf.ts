import Dexie from 'dexie';
import type { Case } from '../core/caseSchema';
import type { EvidencePack } from '../core/pack';
import type { RunRow } from '../core/workspaceFormat';
import { openDb, type IatroscopeDb } from './db';
import { guardQuota } from './quota';
import { Store } from './store';

/**
 * An opened evidence pack lives in a database of its own, never in the user's: its runs can be
 * read with every view of the app, and closing it deletes that database, so nothing of a pack
 * mixes into the user's workspace.
 */
export const PACK_DB_NAME = 'iatroscope-evidence-pack';
const OPENED = 'opened-pack';

/** What the pack database remembers about the pack it holds: the file as read, so a reload checks it again. */
export interface OpenedPackFile {
  file: string;
  text: string;
  opened_at: string;
}

/** The tables an opened pack fills. */
export interface PackTables {
  cases: readonly Case[];
  runs: readonly RunRow[];
  pack: EvidencePack;
}

export class ReadOnlyPackError extends Error {
  constructor(table: string) {
    super(`this is an evidence pack, opened read-only: nothing in it can be changed (a write to ${table} was refused)`);
    this.name = 'ReadOnlyPackError';
  }
}

/**
 * The pack database with every write refused below Dexie's API (add, put, update, delete,
 * clear alike), so no view or state class can change an opened pack, whatever it calls.
 */
function readOnlyDb(name: string): IatroscopeDb {
  const db = openDb(name);
  db.use({
    stack: 'dbcore',
    name: 'evidence-pack-read-only',
    create: (down) => ({
      ...down,
      table: (table) => ({ ...down.table(table), mutate: () => Promise.reject(new ReadOnlyPackError(table)) }),
    }),
  });
  return db;
}

/** The one pack open in this browser, if any: where it is put, read from and closed. */
export class PackShelf {
  #reader: IatroscopeDb;

  constructor(readonly name = PACK_DB_NAME) {
    this.#reader = readOnlyDb(name);
  }

  /** A Store over the opened pack for the app's views; every write through it is refused. */
  store(): Store {
    return new Store(this.#reader);
  }

  /** The pack file last opened, or undefined; never creates the pack database. */
  async opened(): Promise<OpenedPackFile | undefined> {
    if (!(await Dexie.exists(this.name))) return undefined;
    const row = await this.#reader.settings.get(OPENED);
    const v = row?.value as Partial<OpenedPackFile> | undefined;
    return typeof v?.file === 'string' && typeof v.text === 'string' && typeof v.opened_at === 'string' ? (v as OpenedPackFile) : undefined;
  }

  /**
   * Replaces whatever pack was open with this one, all or nothing. Call only with a pack whose
   * hashes were checked: this is the one write path into the pack database.
   */
  async put(file: OpenedPackFile, t: PackTables): Promise<void> {
    const db = openDb(this.name);
    try {
      await guardQuota(() =>
        db.transaction('rw', [db.cases, db.runs, db.responses, db.scores, db.settings], async () => {
          await Promise.all([db.cases.clear(), db.runs.clear(), db.responses.clear(), db.scores.clear(), db.settings.clear()]);
          await db.cases.bulkPut([...t.cases]);
          await db.runs.bulkPut([...t.runs]);
          await db.responses.bulkPut(t.pack.responses.map((r) => r.record));
          await db.scores.bulkPut(t.pack.scores);
          await db.settings.put({ key: OPENED, value: file });
        }),
      );
    } finally {
      db.close();
    }
  }

  /** Closes the pack: its database is deleted. The user's own data is not touched. */
  async close(): Promise<void> {
    this.#reader.close();
    await Dexie.delete(this.name);
    this.#reader = readOnlyDb(this.name);
  }
}
