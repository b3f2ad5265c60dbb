import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { responseRecord, runRow, scoreRecord } from '../../tests/fixtures/records';
import type { ResponseRecord } from '../core/run/types';
import { openStore, type Store } from './store';

let n = 0;
let store: Store;
afterEach(() => store.deleteAll());

const failed = (rep: number): ResponseRecord => ({ ...responseRecord('r1', rep, ''), status: 'error', finish_reason: 'error', error: 'HTTP 500', usage: { input_tokens: null, output_tokens: null } });

async function seeded() {
  store = openStore(`batch-responses-${n++}`);
  await store.addRun(runRow('r1'));
  const put = store.responseStore();
  await put.put(responseRecord('r1', 0, 'kept answer'));
  await put.put(failed(1));
  await store.putScores([scoreRecord('r1|c1|layperson|m1|1')]);
}

describe('Store: batch results', () => {
  it('fills empty and failed cells in one go, keeps answered ones, and drops the verdicts of a replaced record', async () => {
    await seeded();
    const batch = [responseRecord('r1', 0, 'batch answer'), { ...responseRecord('r1', 1, 'now answered'), attempts: 2 }, failed(2)];
    expect(await store.putBatchResponses(batch)).toEqual({ written: 2, kept: 1 });
    const rows = await store.responsesOfRun('r1');
    expect(rows.map((r) => [r.rep, r.status, r.text])).toEqual([
      [0, 'ok', 'kept answer'],
      [1, 'ok', 'now answered'],
      [2, 'error', ''],
    ]);
    expect(await store.scoresOfRun('r1')).toEqual([]);
  });

  it('writes nothing when one record is invalid', async () => {
    await seeded();
    const bad = { ...responseRecord('r1', 2), status: 'maybe' } as unknown as ResponseRecord;
    await expect(store.putBatchResponses([responseRecord('r1', 3), bad])).rejects.toThrow();
    expect((await store.responsesOfRun('r1')).map((r) => r.rep)).toEqual([0, 1]);
  });

  it('drops failed records (with their verdicts) so they can be asked again', async () => {
    await seeded();
    expect(await store.dropFailedResponses('r1')).toBe(1);
    expect((await store.responsesOfRun('r1')).map((r) => r.rep)).toEqual([0]);
    expect(await store.scoresOfRun('r1')).toEqual([]);
  });

  it('keeps submitted batch ids per run until the run is deleted', async () => {
    await seeded();
    const b = { id: 'batches/abc', model_id: 'gemini:test-model', keys: ['k1'], submitted_at: '2026-12-01T00:00:00.000Z', state: 'submitted', collected: false };
    await store.putSubmittedBatches('r1', [b]);
    expect(await store.submittedBatches('r1')).toEqual([b]);
    expect(await store.submittedBatches('r2')).toEqual([]);
    await store.deleteRunCascade('r1');
    expect(await store.submittedBatches('r1')).toEqual([]);
  });
});
