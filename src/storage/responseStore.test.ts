import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateCellError } from '../core/run/store';
import { responseRecord as record } from '../../tests/fixtures/records';
import { openDb } from './db';
import { createDexieResponseStore } from './responseStore';

const db = openDb('responses-test');
afterEach(async () => {
  await Promise.all([db.responses.clear(), db.runs.clear()]);
});

describe('Dexie response store', () => {
  it('stores, lists and reports completed cells per run', async () => {
    const store = createDexieResponseStore(db);
    await store.put(record('r1', 0));
    await store.put(record('r1', 1));
    await store.put(record('r2', 0));
    expect(await store.completedKeys('r1')).toEqual(new Set(['c1|layperson|m1|0', 'c1|layperson|m1|1']));
    expect(await store.has('r2', 'c1|layperson|m1|0')).toBe(true);
    expect(await store.has('r2', 'c1|layperson|m1|1')).toBe(false);
    expect((await store.list('r1')).map((r) => r.rep).sort()).toEqual([0, 1]);
  });

  it('never writes a cell twice, even from a second store on the same database', async () => {
    await createDexieResponseStore(db).put(record('r1', 0, 'first'));
    const other = createDexieResponseStore(openDb('responses-test'));
    await expect(other.put(record('r1', 0, 'second'))).rejects.toBeInstanceOf(DuplicateCellError);
    expect((await other.list('r1'))[0]!.text).toBe('first');
  });

  it('rejects a record whose id does not match its cell', async () => {
    await expect(createDexieResponseStore(db).put({ ...record('r1', 0), id: 'r1|other' })).rejects.toThrow(/does not match/);
  });
});
