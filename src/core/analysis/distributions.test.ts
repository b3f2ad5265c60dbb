import { describe, expect, it } from 'vitest';
import { scoreRecord } from '../../../tests/fixtures/records';
import { distributions } from './distributions';

describe('distributions', () => {
  it('counts OH, CH and TTT per framing', () => {
    const a = { ...scoreRecord('r|c|layperson|m|0', 'local', 2), ttt: 120, ch: 1 };
    const b = { ...scoreRecord('r|c|layperson|m|1', 'local', 2), ttt: -1 };
    const c = { ...scoreRecord('r|c|physician|m|0', 'local', 0), ttt: 999 };
    const d = distributions([a, b, c]);
    expect(d.framings).toEqual(['layperson', 'physician']);
    expect(d.oh.layperson).toEqual([0, 0, 2, 0, 0]);
    expect(d.oh.physician).toEqual([1, 0, 0, 0, 0]);
    expect(d.ch.layperson).toEqual([1, 1, 0, 0]);
    expect(d.ttt.counts.layperson![2]).toBe(1);
    expect(d.ttt.none.layperson).toBe(1);
    expect(d.ttt.counts.physician![9]).toBe(1);
  });
});
