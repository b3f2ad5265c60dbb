import { describe, expect, it } from 'vitest';
import { MergeConflictError, mergeResponses } from './merge';
import { responseRecord } from '../../../tests/fixtures/records';

const record = (rep: number, runId: string, text = 'A') => responseRecord(runId, rep, text);
const key = (rep: number) => `c1|layperson|m1|${rep}`;

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
