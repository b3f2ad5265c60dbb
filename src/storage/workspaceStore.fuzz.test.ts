import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badDocument, prototypeIntact, prototypeSnapshot, sampleWorkspace } from '../../tests/fixtures/arbitraries';
import type { Case } from '../core/caseSchema';
import { TABLE_NAMES, isSecretSettingKey, workspaceSchema, type Workspace } from '../core/workspaceFormat';
import { openDb, type IatroscopeDb } from './db';
import { WorkspaceImportError, exportWorkspace, importWorkspace } from './workspaceStore';

/**
 * importWorkspace on hostile files (issue 7 item 3), against a fake-indexeddb database: it throws
 * only WorkspaceImportError with located errors, and then every table, secrets included, is exactly
 * as it was; a file it accepts replaces the tables exactly.
 */

const RUNS = 1000;
const seed = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8')) as Case;
const sample = sampleWorkspace({ ...seed, source: { kind: 'user' } });
const sampleText = JSON.stringify(sample);

let db: IatroscopeDb;
let before: string;
const ALL_TABLES = [...TABLE_NAMES, 'secrets'];
// One transaction, not seven: fake-indexeddb slows down with the number of transactions it has seen.
const dump = async () => JSON.stringify(await db.transaction('r', ALL_TABLES, () => Promise.all(ALL_TABLES.map((t) => db.table(t).toArray()))));

beforeAll(async () => {
  db = openDb('workspace-fuzz');
  await importWorkspace(db, 'sample.json', sampleText);
  await db.secrets.add({ key: 'provider:openai', value: 'sk-secret-123' });
  before = prototypeSnapshot();
});
afterAll(() => db.delete());

/** Rows as the store returns them: by primary key, compared as IndexedDB compares strings. */
function inKeyOrder(tables: Workspace['tables']): Workspace['tables'] {
  const key = (r: object) => String((r as { id?: string; key?: string }).id ?? (r as { key: string }).key);
  const sorted = Object.entries(tables).map(([t, rows]) => [t, [...(rows as object[])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))]);
  return Object.fromEntries(sorted) as Workspace['tables'];
}

/** A valid file but for one row repeated: the schema passes it, the store's unique keys do not. */
const duplicated = fc.constantFrom(...TABLE_NAMES).map((t) => {
  const ws = structuredClone(sample) as Workspace;
  const rows = ws.tables[t] as unknown[];
  rows.push(rows[0]);
  return JSON.stringify(ws);
});

describe('importWorkspace on hostile input', () => {
  it(`${RUNS} bad files: only WorkspaceImportError, and the database byte-for-byte unchanged`, async () => {
    const snapshot = await dump();
    const arb = fc.oneof({ weight: 9, arbitrary: badDocument(sample).map(({ text }) => text) }, { weight: 1, arbitrary: duplicated });
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (text) => {
        let ws: Workspace | undefined;
        try {
          ws = await importWorkspace(db, 'ws.json', text);
        } catch (e) {
          rejected++;
          expect(e).toBeInstanceOf(WorkspaceImportError);
          for (const err of (e as WorkspaceImportError).errors) {
            expect(err.file).toBe('ws.json');
            expect(err.path).toMatch(/^\$/);
            expect(err.message.trim()).not.toBe('');
          }
          expect(await dump()).toBe(snapshot);
        }
        if (ws) {
          // Accepted (e.g. polluting keys dropped): the database now holds exactly the file, minus secrets.
          try {
            expect(workspaceSchema.parse(ws)).toEqual(ws);
            const now = await exportWorkspace(db);
            expect(now).toEqual({ ...ws, exported_at: now.exported_at, tables: inKeyOrder({ ...ws.tables, settings: ws.tables.settings.filter((s) => !isSecretSettingKey(s.key)) }) });
            expect(await db.secrets.toArray()).toEqual([{ key: 'provider:openai', value: 'sk-secret-123' }]);
          } finally {
            await importWorkspace(db, 'sample.json', sampleText);
          }
          expect(await dump()).toBe(snapshot);
        }
        expect(prototypeIntact(before)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(rejected).toBeGreaterThan(RUNS / 2);
  }, 120_000);
});
