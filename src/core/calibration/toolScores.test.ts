import { describe, expect, it } from 'vitest';
import { responseRecord } from '../../../tests/fixtures/records';
import { formatLocated } from '../located';
import { scoreRecordSchema } from '../scoreRecord';
import { parseToolScores, toolScoreRecords, toolScorerName } from './toolScores';

const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const r0 = responseRecord('run1', 0);
const r1 = { ...responseRecord('run1', 1), status: 'filtered' as const, text: '' };
const stored = new Map([r0, r1].map((r) => [r.id, r]));

describe('toolScorerName', () => {
  it('names the scorer after the file, without folders, extension or "|"', () => {
    expect(toolScorerName('exports/my|judge.v2.jsonl')).toBe('imported:my_judge.v2');
    expect(toolScorerName('.jsonl')).toBe('imported:scores');
  });
});

describe('parseToolScores and toolScoreRecords', () => {
  it('turns each line into a valid ScoreRecord of the file scorer for a stored response', () => {
    const lines = parseToolScores('judge.jsonl', jsonl({ response_id: r0.id, response_class: 'generic_referral', oh: 2, ch: 0, note: 'kept out' }, { response_id: r1.id, oh: 4 }));
    if (!lines.ok) throw new Error(lines.errors.map(formatLocated).join('\n'));
    const records = toolScoreRecords('judge.jsonl', lines.value, stored, '2026-01-01T00:00:00.000Z');
    if (!records.ok) throw new Error('expected records');
    expect(records.value.map((s) => scoreRecordSchema.parse(s))).toHaveLength(2);
    expect(records.value[0]).toMatchObject({ id: `imported:judge|${r0.id}`, scorer: 'imported:judge', scorer_kind: 'imported', case_id: 'c1', rep: 0, response_class: 'generic_referral', oh: 2, ch: 0, filtered: false });
    expect(records.value[1]).toMatchObject({ response_class: null, oh: 4, ch: null, filtered: true, detail: { file: 'judge.jsonl', line: 2 } });
  });

  it('names the line and field of a bad value, a missing verdict and a repeated response', () => {
    const r = parseToolScores('judge.jsonl', jsonl({ response_id: r0.id, oh: 1.5 }, { response_id: r0.id, ch: 4 }, { response_id: r1.id }, { response_id: r1.id, response_class: 'nope' }, { response_id: r0.id, oh: 1 }, { response_id: r0.id, oh: 2 }));
    expect(r.ok ? [] : r.errors.map(formatLocated)).toEqual([
      'judge.jsonl: line 1: $.oh: expected an integer from 0 to 4, or null',
      'judge.jsonl: line 2: $.ch: expected an integer from 0 to 3, or null',
      'judge.jsonl: line 3: $: no verdict: give at least one of "response_class", "oh", "ch"',
      expect.stringMatching(/^judge\.jsonl: line 4: \$\.response_class: expected one of substantive/),
      'judge.jsonl: line 6: $.response_id: the same response as line 5',
    ]);
  });

  it('rejects ids that name no stored response', () => {
    const lines = parseToolScores('judge.jsonl', jsonl({ response_id: 'run9|c1|layperson|m1|0', oh: 1 }));
    if (!lines.ok) throw new Error('expected lines');
    const r = toolScoreRecords('judge.jsonl', lines.value, stored, 'now');
    expect(r.ok ? [] : r.errors.map(formatLocated)).toEqual(['judge.jsonl: line 1: $.response_id: no stored response has the id "run9|c1|layperson|m1|0"']);
  });
});
