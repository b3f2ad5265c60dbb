import { describe, expect, it } from 'vitest';
import { MergeConflictError, mergeResponses } from './merge';
import type { ResponseRecord } from './types';

function record(rep: number, runId: string, text = 'A'): ResponseRecord {
  const key = `c1|layperson|scripted:a|${rep}`;
  return {
    id: `${runId}|${key}`,
    run_id: runId,
    case_id: 'c1',
    framing: 'layperson',
    model_id: 'scripted:a',
    rep,
    request: { model: 'a', messages: [{ role: 'user', content: 'Q' }], params: { temperature: 0.7, max_tokens: 2048 } },
    text,
    finish_reason: 'stop',
    raw_finish_reason: 'stop',
    status: 'ok',
    usage: { input_tokens: 1, output_tokens: 1 },
    latency_ms: 1,
    cost_usd: null,
    error: null,
    attempts: 1,
    served_model: null,
    started_at: '2026-01-01T00:00:00.000Z',
    completed_at: '2026-01-01T00:00:01.000Z',
  };
}
const key = (rep: number) => `c1|layperson|scripted:a|${rep}`;

describe('mergeResponses', () => {
  it('joins shards of different run ids under the first, one record per cell', () => {
    const m = mergeResponses([
      { name: 'a.jsonl', records: [record(0, 'r1'), record(2, 'r1')] },
      { name: 'b.jsonl', records: [record(1, 'r2')] },
    ]);
    expect(m.runId).toBe('r1');
    expect(m.records.map((r) => [r.id, r.run_id, r.rep])).toEqual([
      [`r1|${key(0)}`, 'r1', 0],
      [`r1|${key(2)}`, 'r1', 2],
      [`r1|${key(1)}`, 'r1', 1],
    ]);
    expect(m.perFile).toEqual([{ name: 'a.jsonl', records: 2 }, { name: 'b.jsonl', records: 1 }]);
    expect(m.missing).toEqual([]);
  });

  it('keeps an identical duplicate once, even under another run id', () => {
    const m = mergeResponses([
      { name: 'a.jsonl', records: [record(0, 'r1')] },
      { name: 'a-copy.jsonl', records: [record(0, 'r2'), record(1, 'r2')] },
    ]);
    expect(m.records).toHaveLength(2);
    expect(m.identicalDuplicates).toBe(1);
  });

  it('refuses a cell stored twice with different content, naming both files and the cell', () => {
    const files = [
      { name: 'a.jsonl', records: [record(0, 'r1')] },
      { name: 'b.jsonl', records: [record(0, 'r2', 'another answer')] },
    ];
    expect(() => mergeResponses(files)).toThrow(MergeConflictError);
    expect(() => mergeResponses(files)).toThrow(`cell ${key(0)} is in a.jsonl and in b.jsonl with different content`);
  });

  it('reports the expected cells no file holds, in the order given', () => {
    const m = mergeResponses([{ name: 'a.jsonl', records: [record(1, 'r1')] }], [key(0), key(1), key(2)]);
    expect(m.missing).toEqual([key(0), key(2)]);
  });

  it('refuses files with no responses at all', () => {
    expect(() => mergeResponses([{ name: 'a.jsonl', records: [] }])).toThrow('the files hold no responses');
  });
});
