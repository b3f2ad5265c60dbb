import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseFile } from '../core/caseFile';
import { responseRecord, runRow, scoreRecord } from '../../tests/fixtures/records';
import { LOCAL_SCORER_VERSION } from '../core/scoring/version';
import { openDb, type IatroscopeDb } from './db';
import { WorkspaceImportError, exportWorkspace, importWorkspace, putCases } from './workspaceStore';

const seed = parseCaseFile('seed', readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8'));
if (!seed.ok) throw new Error('seed case invalid');
const baseCase = { ...seed.value, source: { kind: 'user' as const } };

let n = 0;
let db: IatroscopeDb;
const fresh = () => (db = openDb(`test-${n++}`));
afterEach(() => db?.delete());

async function populate(db: IatroscopeDb) {
  await putCases(db, [baseCase, { ...baseCase, id: 'second', title: 'Second "quoted" ünïcode case' }]);
  await db.runs.add(runRow('r1', ['second']));
  await db.responses.bulkAdd([responseRecord('r1', 0, 'line\nbreak "quoted" ünïcode', 'second'), responseRecord('r1', 1, '', 'second')]);
  await db.scores.bulkAdd([scoreRecord('r1|second|layperson|m1|0'), scoreRecord('r1|second|layperson|m1|0', 'human:Ana', 3)]);
  await db.ratings.add({ id: 'h1', rater: 'Ana', order: ['r1|second|layperson|m1|0'] });
  await db.settings.bulkAdd([{ key: 'theme', value: 'dark' }, { key: 'openai_api_key', value: 'sk-should-never-export' }]);
  await db.secrets.add({ key: 'provider:openai', value: 'sk-secret-123' });
}

describe('workspace export/import', () => {
  it('round-trips every table losslessly, and never exports keys', async () => {
    await populate(fresh());
    const first = await exportWorkspace(db, new Date('2026-11-22T00:00:00Z'));
    const text = JSON.stringify(first);
    expect(text).not.toContain('sk-secret-123');
    expect(text).not.toContain('sk-should-never-export');

    const other = openDb(`test-${n++}`);
    await other.cases.add({ ...baseCase, id: 'stale' });
    await importWorkspace(other, 'ws.json', text);
    const second = await exportWorkspace(other, new Date('2026-11-22T00:00:00Z'));
    expect(second).toEqual(first);
    expect(await other.cases.get('stale')).toBeUndefined();
    await other.delete();
  });

  it("carries each verdict's scorer_version, and a workspace file from before versions still imports", async () => {
    await populate(fresh());
    const exported = await exportWorkspace(db);
    expect(exported.tables.scores.map((s) => [s.scorer, s.scorer_version])).toEqual([['human:Ana', 'blinded-v1'], ['local', LOCAL_SCORER_VERSION]]);

    const old = JSON.parse(JSON.stringify(exported));
    for (const s of old.tables.scores) delete s.scorer_version;
    const other = openDb(`test-${n++}`);
    await importWorkspace(other, 'old.json', JSON.stringify(old));
    const stored = await other.scores.orderBy('scorer').toArray();
    expect(stored.map((s) => [s.scorer, s.scorer_version])).toEqual([['human:Ana', 'unknown'], ['local', '1']]);
    await other.delete();
  });

  it('rejects a bad file with its location and leaves the database untouched', async () => {
    await populate(fresh());
    const before = await exportWorkspace(db);
    const bad = JSON.parse(JSON.stringify(before));
    bad.tables.cases[1].critical_actions[0].safety_colliding = 'yes';
    await expect(importWorkspace(db, 'bad.json', JSON.stringify(bad))).rejects.toThrow(
      /bad\.json: \$\.tables\.cases\[1\]\.critical_actions\[0\]\.safety_colliding/,
    );
    await expect(importWorkspace(db, 'trunc.json', JSON.stringify(before).slice(0, 100))).rejects.toBeInstanceOf(WorkspaceImportError);
    expect(await exportWorkspace(db, new Date(before.exported_at))).toEqual(before);
  });

  it('rolls back when a write fails half-way (duplicate ids)', async () => {
    await populate(fresh());
    const before = await exportWorkspace(db);
    const dup = JSON.parse(JSON.stringify(before));
    dup.tables.scores.push(dup.tables.scores[0]);
    await expect(importWorkspace(db, 'dup.json', JSON.stringify(dup))).rejects.toThrow();
    expect(await exportWorkspace(db, new Date(before.exported_at))).toEqual(before);
  });
});
