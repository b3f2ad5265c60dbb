import { describe, expect, it } from 'vitest';
import { BATCH_KEY_PATTERN, decodeBatchKey, emptyKeyTable, encodeBatchKey } from './batchKey';
import { lineBytes, splitAtLimits, BATCH_PRICE_FACTOR } from './batchSplit';
import { batchRecord } from './batchRecords';
import type { SentCell } from '../run/records';

describe('batch keys', () => {
  it('round-trip every coordinate through a compact key that Anthropic accepts', () => {
    const table = emptyKeyTable();
    const cells = [
      { run_id: 'run-6f1c0d0e-1111-4222-8333-944445555666', case_id: 'benzo-taper', framing: 'layperson', model_id: 'anthropic:claude|odd@https://api.example.com/v1', rep: 0 },
      { run_id: 'run-6f1c0d0e-1111-4222-8333-944445555666', case_id: 'benzo-taper', framing: 'physician', model_id: 'anthropic:claude|odd@https://api.example.com/v1', rep: 9 },
      { run_id: 'run-2', case_id: 'insulin-control', framing: 'layperson', model_id: 'gemini:gemini-2.5-flash', rep: 999 },
    ];
    const keys = cells.map((c) => encodeBatchKey(table, c));
    expect(keys).toEqual(['r0_c0_f0_m0_n0', 'r0_c0_f1_m0_n9', 'r1_c1_f0_m1_n999']);
    for (const k of keys) expect(k).toMatch(BATCH_KEY_PATTERN);
    expect(keys.map((k) => decodeBatchKey(table, k))).toEqual(cells);
    // The table only grows: a key made earlier keeps its meaning after more cells are added.
    encodeBatchKey(table, { ...cells[0]!, case_id: 'new-case' });
    expect(decodeBatchKey(table, keys[2]!)).toEqual(cells[2]);
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });

  it('does not decode keys of another table or another shape', () => {
    const table = emptyKeyTable();
    encodeBatchKey(table, { run_id: 'r', case_id: 'c', framing: 'layperson', model_id: 'm', rep: 0 });
    expect(decodeBatchKey(table, 'r0_c1_f0_m0_n0')).toBeNull();
    expect(decodeBatchKey(table, 'c|layperson|m|0')).toBeNull();
  });
});

describe('splitting at limits', () => {
  const items = (sizes: number[]) => sizes.map((bytes, i) => ({ i, bytes }));
  const ids = (batches: { i: number }[][]) => batches.map((b) => b.map((x) => x.i));

  it('cuts at the request count', () => {
    expect(ids(splitAtLimits(items([1, 1, 1, 1, 1]), { maxRequests: 2, maxBytes: 100 }))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('cuts before the request that would pass the byte limit, a batch exactly at it included', () => {
    expect(ids(splitAtLimits(items([4, 6, 1, 9, 1]), { maxRequests: 10, maxBytes: 10 }))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('refuses a request larger than a whole batch', () => {
    expect(() => splitAtLimits(items([3, 11]), { maxRequests: 10, maxBytes: 10 })).toThrow(/11 bytes, more than a batch may hold \(10\)/);
  });

  it('measures a line in UTF-8 bytes with its newline', () => {
    // {"a":"é","b":"😀"} is 15 ASCII bytes, 2 for é, 4 for the emoji; then the newline.
    expect(lineBytes({ a: 'é', b: '😀' })).toBe(15 + 2 + 4 + 1);
  });
});

describe('batch records', () => {
  const sent: SentCell = {
    runId: 'run-1',
    cell: { key: 'c|layperson|m|0', case_id: 'c', framing: 'layperson', model_id: 'm', rep: 0 },
    request: { model: 'x', messages: [{ role: 'user', content: 'q' }], params: { temperature: 0.7, max_tokens: 100 } },
  };
  const at = { submittedAt: Date.parse('2026-01-01T00:00:00Z'), attempts: 2 };
  const price = { input_per_mtok: 2, output_per_mtok: 8 };

  it('reads an answer as a live run would, at the batch price', () => {
    const usage = { input_tokens: 1000, output_tokens: 500 };
    const r = batchRecord(sent, { kind: 'done', value: { text: 'Taper by 10%.', finish_reason: 'stop', raw_finish_reason: 'end_turn', usage, latency_ms: 5, model: 'x-1' } }, at, at.submittedAt + 60_000, price);
    expect(r).toMatchObject({ id: 'run-1|c|layperson|m|0', status: 'ok', text: 'Taper by 10%.', attempts: 2, latency_ms: 0, served_model: 'x-1', started_at: '2026-01-01T00:00:00.000Z' });
    expect(r.cost_usd).toBeCloseTo(((1000 * 2 + 500 * 8) / 1e6) * BATCH_PRICE_FACTOR, 12);
    const filtered = batchRecord(sent, { kind: 'done', value: { text: '', finish_reason: 'content_filter', raw_finish_reason: 'refusal', usage, latency_ms: 0, model: null } }, at, at.submittedAt, price);
    expect(filtered.status).toBe('filtered');
  });

  it('records an errored or expired item as failed', () => {
    const expired = batchRecord(sent, { kind: 'failed', message: 'not reached', expired: true }, at, at.submittedAt + 1000, price);
    expect(expired).toMatchObject({ status: 'error', finish_reason: 'error', text: '', cost_usd: null, latency_ms: 1000 });
    expect(expired.error).toMatch(/^The batch expired before this request was answered: not reached$/);
    expect(batchRecord(sent, { kind: 'failed', message: 'HTTP 500', expired: false }, at, at.submittedAt, price).error).toBe('HTTP 500');
  });
});
