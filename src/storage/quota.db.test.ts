import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseFile } from '../core/caseFile';
import { responseRecord } from '../../tests/fixtures/records';
import { openDb } from './db';
import { StorageFullError } from './quota';
import { createDexieResponseStore } from './responseStore';
import { putCases } from './workspaceStore';

// Chromium's DevTools quota override does not reach an IndexedDB connection that is already
// open, so the full disk is simulated here the way the browser reports it: the write request
// fails with a QuotaExceededError DOMException and the transaction aborts.
const seed = parseCaseFile('seed', readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8'));
if (!seed.ok) throw new Error('seed invalid');

function fillDiskAfter(bytes: number) {
  const put = IDBObjectStore.prototype.put;
  const add = IDBObjectStore.prototype.add;
  const guard = (orig: typeof put) =>
    function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (JSON.stringify(value).length > bytes) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return orig.call(this, value, key);
    };
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(guard(put));
  vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(guard(add));
}

afterEach(() => vi.restoreAllMocks());

describe('a full disk', () => {
  it('refuses new cases with one plain message and keeps the old ones', async () => {
    const db = openDb('quota-cases');
    await putCases(db, [{ ...seed.value, id: 'kept' }]);
    fillDiskAfter(50_000);
    const big = { ...seed.value, id: 'big', gold_standard: 'x'.repeat(100_000) };
    await expect(putCases(db, [{ ...seed.value, id: 'small' }, big])).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect((await db.cases.toArray()).map((c) => c.id)).toEqual(['kept']);
    await db.delete();
  });

  it('fails a response write plainly, so the run stops instead of counting it done', async () => {
    const db = openDb('quota-responses');
    const store = createDexieResponseStore(db);
    await store.put(responseRecord('r', 0, 'short'));
    fillDiskAfter(5_000);
    await expect(store.put(responseRecord('r', 1, 'y'.repeat(10_000)))).rejects.toThrow(/storage for Iatroscope is full/);
    vi.restoreAllMocks();
    expect(await store.completedKeys('r')).toEqual(new Set(['c1|layperson|m1|0']));
    await db.delete();
  });
});
