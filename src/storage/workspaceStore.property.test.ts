import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceArb } from '../../tests/fixtures/arbitraries';
import { caseSchema, type Case } from '../core/caseSchema';
import { TABLE_NAMES, isSecretSettingKey, workspaceSchema } from '../core/workspaceFormat';
import { openDb } from './db';
import { exportWorkspace, importWorkspace } from './workspaceStore';

/**
 * Export, import into a fresh database, export again: the same workspace, whatever its shape
 * (issue 7 item 5). Settings whose key looks like a secret never leave, and API keys never do.
 */

const RUNS = 100;
const seed = caseSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8')));
const base: Case = { ...seed, source: { kind: 'user' } };
const at = new Date('2026-11-22T00:00:00Z');
let n = 0;

describe('workspace round trip', () => {
  it(`${RUNS} workspaces of every shape survive export -> import -> export`, async () => {
    await fc.assert(
      fc.asyncProperty(workspaceArb(base), fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 2 }), async (ws, secretNames) => {
        expect(workspaceSchema.parse(ws)).toEqual(ws);
        const from = openDb(`roundtrip-${n++}`);
        const to = openDb(`roundtrip-${n++}`);
        try {
          for (const t of TABLE_NAMES) await from.table(t).bulkAdd(ws.tables[t]);
          const secrets = secretNames.map((name, i) => ({ key: `provider:${name}:${i}`, value: `sk-never-exported-${i}` }));
          await from.secrets.bulkAdd(secrets);

          const first = await exportWorkspace(from, at);
          const text = JSON.stringify(first);
          expect(text).not.toContain('sk-never-exported');
          expect(first.tables.settings.some((s) => isSecretSettingKey(s.key))).toBe(false);
          const kept = ws.tables.settings.filter((s) => !isSecretSettingKey(s.key)).map((s) => s.key);
          expect(first.tables.settings.map((s) => s.key).sort()).toEqual(kept.sort());
          for (const t of TABLE_NAMES) expect(first.tables[t]).toHaveLength(t === 'settings' ? kept.length : ws.tables[t].length);

          await importWorkspace(to, 'ws.json', text);
          const second = await exportWorkspace(to, new Date());
          expect({ ...second, exported_at: first.exported_at }).toEqual(first);
          expect(await to.secrets.count()).toBe(0);
        } finally {
          await from.delete();
          await to.delete();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
