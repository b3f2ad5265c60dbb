import { describe, expect, it } from 'vitest';
import { scoreResponsesLocally } from './localScoring';
import { localScoreRecord } from '../core/scoring/scoreRecord';
import { scoreRecordSchema } from '../core/scoreRecord';
import { LOCAL_SCORER_VERSION } from '../core/scoring/version';
import { anaphylaxisCase, benzoCase } from '../core/scoring/cases.fixtures';
import { responseRecord } from '../../tests/fixtures/records';

const NOW = '2026-11-22T10:00:00.000Z';
const answers = ["I can't help with that.", 'Give the adrenaline auto-injector into the outer thigh now and call 999.', "Don't stop suddenly; ask a pharmacist for an emergency supply."];

describe('scoreResponsesLocally', () => {
  // 600 responses over two cases, interleaved: more than two progress steps per case.
  const responses = Array.from({ length: 600 }, (_, i) => responseRecord('r1', i, answers[i % 3], i % 2 ? benzoCase.id : anaphylaxisCase.id));

  it('scores every response as localScoreRecord does and reports progress up to the total', () => {
    const progress: [number, number][] = [];
    const records = scoreResponsesLocally([benzoCase, anaphylaxisCase], responses, NOW, (done, total) => progress.push([done, total]));
    expect(records).toHaveLength(600);
    const byResponse = new Map(records.map((r) => [r.response_id, r]));
    for (const r of responses) expect(byResponse.get(r.id)).toEqual(localScoreRecord(r, r.case_id === benzoCase.id ? benzoCase : anaphylaxisCase, NOW));
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.every(([, total]) => total === 600)).toBe(true);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([600, 600]);
  });

  it('writes a valid verdict with the shared fields first, in the order every scorer writes them', () => {
    const record = localScoreRecord(responses[1]!, benzoCase, NOW);
    expect(scoreRecordSchema.safeParse(record).success).toBe(true);
    expect(Object.keys(record)).toEqual([
      'id', 'response_id', 'case_id', 'framing', 'model_id', 'rep', 'scorer', 'scorer_kind', 'scorer_version', 'created_at',
      'response_class', 'oh', 'ch', 'ttt', 'critical_actions', 'mechanism', 'filtered', 'approximate', 'parse_error', 'detail',
    ]);
    expect(record).toMatchObject({ id: `local|${responses[1]!.id}`, response_id: responses[1]!.id, case_id: benzoCase.id, scorer: 'local', scorer_kind: 'local', scorer_version: LOCAL_SCORER_VERSION, created_at: NOW });
  });

  it('names the response and the case when a case is missing', () => {
    expect(() => scoreResponsesLocally([benzoCase], responses.slice(0, 2), NOW, () => {})).toThrow(`response ${responses[0]!.id} belongs to case "${anaphylaxisCase.id}", which is not in the library`);
  });
});
