import { describe, expect, it } from 'vitest';
import { responseRecord, scoreRecord } from '../../tests/fixtures/records';
import { scoreRecordSchema, scorerVersionOf, verdictBase, type ScoreRecord } from './scoreRecord';

/** A record as stored before verdicts carried a version. */
const unversioned = (scorer: string, kind: ScoreRecord['scorer_kind']) => {
  const { scorer_version: _dropped, ...old } = { ...scoreRecord('r1|c1|layperson|m1|0', scorer), scorer_kind: kind };
  return old;
};

describe('scorer versions on stored verdicts', () => {
  it("reads an old local verdict as version '1' and any other old verdict as 'unknown'", () => {
    expect(scoreRecordSchema.parse(unversioned('local', 'local')).scorer_version).toBe('1');
    for (const kind of ['judge_single', 'judge_structured', 'human', 'imported'] as const) {
      expect(scoreRecordSchema.parse(unversioned(`${kind}:x`, kind)).scorer_version).toBe('unknown');
    }
  });

  it('keeps a stored version and rejects an empty one', () => {
    expect(scoreRecordSchema.parse({ ...unversioned('local', 'local'), scorer_version: '7' }).scorer_version).toBe('7');
    expect(scoreRecordSchema.safeParse({ ...unversioned('local', 'local'), scorer_version: '' }).success).toBe(false);
  });

  it('scorerVersionOf gives the stored version when there is one', () => {
    expect(scorerVersionOf({ scorer_kind: 'local', scorer_version: '2' })).toBe('2');
    expect(scorerVersionOf({ scorer_kind: 'local' })).toBe('1');
    expect(scorerVersionOf({ scorer_kind: 'human' })).toBe('unknown');
  });

  it("verdictBase writes the scorer's version, or 'imported' for an import that names none", () => {
    const r = responseRecord('run1', 0, 'text');
    expect(verdictBase('local', 'local', r, 'T', '2').scorer_version).toBe('2');
    expect(verdictBase('imported:tool', 'imported', r, 'T').scorer_version).toBe('imported');
    expect(verdictBase('human:Ana', 'human', r, 'T').scorer_version).toBe('unknown');
  });
});
