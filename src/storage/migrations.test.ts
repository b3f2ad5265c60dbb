import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleWorkspace } from '../../tests/fixtures/arbitraries';
import type { Case } from '../core/caseSchema';
import { openDb } from './db';

/**
 * Every database version that ever shipped still opens with today's openDb(), data intact
 * (STYLE.md example 7), and its indexes answer; the table below is where later versions go.
 *
 * When version 2 ships: add a row with v2's stores copied as they ship and rows as v2 writes
 * them, and change v1's `after` to what v2's upgrade() makes of v1's rows (a test of the upgrade
 * function). Never edit a shipped row's `stores` or `rows`: they are what users have on disk.
 */
interface ShippedVersion {
  version: number;
  /** The schema exactly as that version declared it: copied, not imported from db.ts. */
  stores: Record<string, string>;
  /** Rows as that version wrote them, per table. */
  rows: Record<string, { [k: string]: unknown }[]>;
  /** The same rows as openDb() must show them after every later upgrade has run. */
  after: (rows: ShippedVersion['rows']) => ShippedVersion['rows'];
}

const seed = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8')) as Case;
// A case as version 1 stored it: case format 1, which had no stated_barriers.
const { stated_barriers: _, ...v1Case } = { ...seed, format_version: 1, source: { kind: 'user' as const } };
// Versions 1 and 2 stored verdicts without a scorer_version.
const unversioned = (tables: ReturnType<typeof sampleWorkspace>['tables']) => ({ ...tables, scores: tables.scores.map(({ scorer_version: _added, ...old }) => old) });
const v1Data = unversioned(sampleWorkspace(v1Case).tables);
const v2Data = unversioned(sampleWorkspace({ ...seed, source: { kind: 'user' } }).tables);
/** Verdicts are read with the version they were made by: '1' for the local scorer, else 'unknown' (no upgrade). */
const versioned = (rows: ShippedVersion['rows']) => ({ ...rows, scores: rows.scores!.map((r) => ({ ...r, scorer_version: r.scorer_kind === 'local' ? '1' : 'unknown' })) });

const STORES_V1 = {
  cases: '&id, category, expected_behaviour',
  runs: '&id, created_at',
  responses: '&id, run_id, case_id, model_id, [run_id+case_id]',
  scores: '&id, response_id, scorer',
  ratings: '&id, response_id, rater',
  settings: '&key',
  secrets: '&key',
};

const SHIPPED: ShippedVersion[] = [
  {
    version: 1,
    stores: STORES_V1,
    rows: {
      ...v1Data,
      ratings: [...v1Data.ratings, { id: 'h2', rater: 'Zoë', response_id: 'r1|second|layperson|m1|0', order: [] }],
      secrets: [{ key: 'provider:openai', value: 'sk-secret-123' }],
    },
    // Version 2's upgrade: cases move to case format 2, still without stated_barriers (not recorded).
    after: (rows) => versioned({ ...rows, cases: rows.cases!.map((c) => ({ ...c, format_version: 2 })) }),
  },
  {
    version: 2,
    // Same indexes as version 1 (its upgrade only migrates case rows).
    stores: STORES_V1,
    rows: {
      ...v2Data,
      ratings: [...v2Data.ratings, { id: 'h2', rater: 'Zoë', response_id: 'r1|second|layperson|m1|0', order: [] }],
      secrets: [{ key: 'provider:openai', value: 'sk-secret-123' }],
    },
    // Latest version: nothing to upgrade.
    after: versioned,
  },
];

const keyOf = (table: string, row: { [k: string]: unknown }) => String(table === 'settings' || table === 'secrets' ? row.key : row.id);
const byKey = (table: string, rows: { [k: string]: unknown }[]) => [...rows].sort((a, b) => (keyOf(table, a) < keyOf(table, b) ? -1 : 1));

let n = 0;

describe('database migrations', () => {
  it('openDb() declares the newest shipped version (a new version needs a row here)', async () => {
    const db = openDb(`migrations-latest-${n++}`);
    await db.open();
    expect(db.verno).toBe(SHIPPED.at(-1)!.version);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(SHIPPED.at(-1)!.stores).sort());
    await db.delete();
  });

  for (const shipped of SHIPPED) {
    it(`a version ${shipped.version} database opens with its data intact`, async () => {
      const name = `migrations-v${shipped.version}-${n++}`;
      const old = new Dexie(name);
      old.version(shipped.version).stores(shipped.stores);
      await old.open();
      for (const [table, rows] of Object.entries(shipped.rows)) await old.table(table).bulkAdd(rows);
      old.close();

      const db = openDb(name);
      await db.open();
      const expected = shipped.after(structuredClone(shipped.rows));
      let indexesChecked = 0;
      for (const table of db.tables) {
        expect(await table.toArray(), table.name).toEqual(byKey(table.name, expected[table.name] ?? []));
        // Every index of the newest schema answers for the migrated rows.
        for (const index of table.schema.indexes) {
          const row = expected[table.name]?.find((r) => [index.keyPath].flat().every((k) => typeof r[k!] === 'string'));
          if (!row) continue;
          const key = Array.isArray(index.keyPath) ? index.keyPath.map((k) => row[k]) : row[index.keyPath!];
          expect(await table.where(index.name).equals(key as string).count(), `${table.name}.${index.name}`).toBeGreaterThan(0);
          indexesChecked++;
        }
      }
      expect(indexesChecked).toBe(db.tables.reduce((k, t) => k + t.schema.indexes.length, 0));
      await db.delete();
    });
  }

  it('reads a verdict stored without a scorer_version with its version, however it is read', async () => {
    const db = openDb(`migrations-unversioned-${n++}`);
    await db.open();
    const [local, human] = v2Data.scores;
    // Written behind Dexie's hooks, as an older version of the app left them.
    await db.scores.bulkPut(v2Data.scores as never);
    const versions = (rows: ({ scorer_version: string } | undefined)[]) => rows.map((r) => r?.scorer_version);
    expect(versions(await db.scores.where('scorer').equals('local').toArray())).toEqual(['1']);
    expect(versions([await db.scores.get(human!.id)])).toEqual(['unknown']);
    expect(versions(await db.scores.bulkGet([local!.id]))).toEqual(['1']);
    const each: string[] = [];
    await db.scores.each((r) => void each.push(r.scorer_version));
    expect(each.sort()).toEqual(['1', 'unknown']);
    await db.delete();
  });
});
