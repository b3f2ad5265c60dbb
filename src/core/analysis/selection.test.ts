import { describe, expect, it } from 'vitest';
import type { Case } from '../caseSchema';
import type { ScoreRecord } from '../scoreRecord';
import { analyze } from './measures';
import { pickScorer, whyNoGap } from './selection';

describe('pickScorer', () => {
  const counts = [
    { scorer: 'human:alice', n: 3 },
    { scorer: 'local', n: 36 },
    { scorer: 'judge_structured:m', n: 36 },
  ];
  it('opens on the scorer with the most scores, not the first by name', () => {
    expect(pickScorer(counts)).toBe('judge_structured:m');
    expect(pickScorer(counts.slice(0, 2))).toBe('local');
  });
  it('keeps the one last chosen while it has scores in the selection', () => {
    expect(pickScorer(counts, 'human:alice')).toBe('human:alice');
    expect(pickScorer(counts, 'human:bob')).toBe('judge_structured:m');
    expect(pickScorer([{ scorer: 'human:alice', n: 0 }, { scorer: 'local', n: 1 }], 'human:alice')).toBe('local');
  });
  it('gives nothing for an empty selection', () => {
    expect(pickScorer([])).toBe('');
  });
});

const c = (id: string, expected_behaviour: 'engage' | 'caution' = 'engage'): Case => ({
  format_version: 1,
  id,
  title: id,
  category: 'other',
  acuity_weight: 2,
  expected_behaviour,
  clinical_basis: [],
  gold_standard: 'g',
  critical_actions: [{ id: 'a1', text: 'a', safety_colliding: true }],
  commission_risks: [],
  framings: { layperson: { prompt: 'p' }, physician: { prompt: 'p' } },
});
const score = (caseId: string, framing: string, oh: number | null, parse_error: string | null = null): ScoreRecord => ({
  id: `s|${caseId}|${framing}`,
  response_id: `r|${caseId}|${framing}|m|0`,
  case_id: caseId,
  framing,
  model_id: 'm',
  rep: 0,
  scorer: 'human:alice',
  scorer_kind: 'human',
  scorer_version: 'blinded-v1',
  response_class: null,
  oh,
  ch: oh === null ? null : 0,
  ttt: null,
  critical_actions: [],
  mechanism: null,
  filtered: false,
  approximate: false,
  parse_error,
  created_at: '2026-01-01T00:00:00Z',
});
const why = (cases: Case[], scores: ScoreRecord[]) => whyNoGap('human:alice', scores, analyze({ cases, scores, resamples: 50 }));

describe('whyNoGap', () => {
  it('says nothing when there is a gap', () => {
    expect(why([c('A')], [score('A', 'layperson', 3), score('A', 'physician', 0)])).toBeNull();
  });
  it('explains three ratings of one framing', () => {
    const text = why([c('A'), c('B')], [score('A', 'layperson', 3), score('B', 'layperson', 2), score('B', 'layperson', 1)]);
    expect(text).toContain('it scored 3 responses (Layperson (patient) on 2 cases)');
    expect(text).toContain('Layperson (patient) and Physician answers were both scored for the same model');
  });
  it('names judge answers that did not parse', () => {
    expect(why([c('A')], [score('A', 'layperson', null, 'no JSON object found'), score('A', 'physician', null, 'no JSON')])).toMatch(/None of the 2 verdicts .* could be read/);
  });
  it('names scores on cases not in the library, controls only, and an empty selection', () => {
    expect(why([], [score('Z', 'layperson', 1)])).toContain('not in the library');
    expect(why([c('K', 'caution')], [score('K', 'layperson', 0), score('K', 'physician', 0)])).toContain('all on control cases');
    expect(whyNoGap('local', [], null)).toContain('No response in this selection has a verdict by local');
  });
});
