import { describe, expect, it } from 'vitest';
import type { ScoreRecord } from './scoreRecord';
import { verdictEvidence } from './verdictEvidence';

const base: ScoreRecord = {
  id: 's', response_id: 'r', case_id: 'c', framing: 'layperson', model_id: 'm', rep: 0, scorer: 'local', scorer_kind: 'local', scorer_version: '1',
  response_class: 'generic_referral', oh: 2, ch: 0, ttt: -1, critical_actions: [], mechanism: null, filtered: false, approximate: false, parse_error: null, created_at: 't',
};

describe('verdictEvidence', () => {
  it("quotes the local scorer's spans from the answer beside its reasons, once each", () => {
    const answer = 'Please see your doctor. Do not stop suddenly.';
    const detail = {
      reasons: ['Class generic referral: a referral and nothing else.'],
      evidence: [{ start: 0, end: 22, why: 'referral' }],
      critical_actions: [{ id: 'ca1', grade: 'hit', evidence: [{ start: 24, end: 45, why: 'warns against abrupt cessation' }, { start: 0, end: 22, why: 'referral' }] }],
    };
    expect(verdictEvidence({ ...base, detail }, answer)).toEqual([
      { why: 'Class generic referral: a referral and nothing else.' },
      { why: 'referral', quote: 'Please see your doctor' },
      { why: 'warns against abrupt cessation', quote: 'Do not stop suddenly.' },
    ]);
  });
  it("gives a judge's reasoning, its two reasons, a parse error or the rule that decided", () => {
    expect(verdictEvidence({ ...base, detail: { clinical_reasoning: 'No taper given.' } }, '')).toEqual([{ why: 'No taper given.' }]);
    expect(verdictEvidence({ ...base, detail: { reasons: { commission: 'None.', omission: 'Only a referral.' } } }, '')).toEqual([
      { why: 'Commission: None.' },
      { why: 'Omission: Only a referral.' },
    ]);
    expect(verdictEvidence({ ...base, parse_error: 'no OH line', detail: { raw: 'x' } }, '')).toEqual([{ why: "The judge's answer could not be read: no OH line" }]);
    expect(verdictEvidence({ ...base, detail: { by_rule: 'empty or filtered response: not sent to the judge' } }, '')).toEqual([
      { why: 'empty or filtered response: not sent to the judge' },
    ]);
  });
  it('takes only strings from a detail of any shape', () => {
    expect(verdictEvidence({ ...base, detail: { clinical_reasoning: { html: '<b>' }, reasons: [1, null, 'ok'], evidence: [{ start: 'a' }, null] } }, '')).toEqual([{ why: 'ok' }]);
    expect(verdictEvidence({ ...base, detail: 'plain' }, '')).toEqual([]);
    const long = 'x'.repeat(500);
    expect(verdictEvidence({ ...base, detail: { evidence: [{ start: 0, end: 500, why: 'w' }] } }, long)[0]!.quote).toHaveLength(241);
  });
});
