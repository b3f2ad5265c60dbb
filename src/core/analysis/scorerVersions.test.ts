import { describe, expect, it } from 'vitest';
import type { ScoreRecord } from '../scoreRecord';
import { LOCAL_SCORER_VERSION } from '../scoring/version';
import { scorerVersionWarning } from './scorerVersions';

const rows = (kind: ScoreRecord['scorer_kind'], counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([scorer_version, n]) => Array.from({ length: n }, () => ({ scorer_kind: kind, scorer_version })));

describe('scorerVersionWarning', () => {
  it('says nothing when every verdict is of one current version, or there are none', () => {
    expect(scorerVersionWarning(rows('local', { [LOCAL_SCORER_VERSION]: 5 }))).toBeNull();
    expect(scorerVersionWarning(rows('judge_structured', { 'structured-v1 m': 5 }))).toBeNull();
    expect(scorerVersionWarning(rows('human', { 'blinded-v1': 2 }))).toBeNull();
    expect(scorerVersionWarning([])).toBeNull();
  });

  it('warns when the local scorer\'s verdicts are all older than its current rules', () => {
    const w = scorerVersionWarning(rows('local', { '1': 12 }));
    expect(w).toMatchObject({ kind: 'local', versions: [{ version: '1', n: 12 }], current: LOCAL_SCORER_VERSION });
    expect(w!.message).toContain('local scorer version 1 (12 responses)');
    expect(w!.message).toContain(`current version is ${LOCAL_SCORER_VERSION}`);
  });

  it('lists each version with its count when the local scorer\'s verdicts mix versions, in version order', () => {
    // A later version with more digits ("10" after "9") still sorts after the current one.
    const later = String(Number(LOCAL_SCORER_VERSION) * 10 + 1);
    const w = scorerVersionWarning(rows('local', { [LOCAL_SCORER_VERSION]: 3, [later]: 1, '1': 2 }));
    expect(w!.versions).toEqual([{ version: '1', n: 2 }, { version: LOCAL_SCORER_VERSION, n: 3 }, { version: later, n: 1 }]);
    expect(w!.message).toContain(`versions 1 (2 responses), ${LOCAL_SCORER_VERSION} (3 responses), ${later} (1 response)`);
  });

  it('names the mixed judge versions and asks for re-judging', () => {
    const w = scorerVersionWarning(rows('judge_single', { 'single-v1 m': 4, unknown: 2 }));
    expect(w).toMatchObject({ kind: 'judge', versions: [{ version: 'single-v1 m', n: 4 }, { version: 'unknown', n: 2 }] });
    expect(w!.message).toMatch(/single-v1 m \(4 responses\), unknown \(2 responses\).*re-judge/);
    expect(w!.current).toBeUndefined();
  });

  it('warns of mixed versions for raters and imports too', () => {
    expect(scorerVersionWarning(rows('imported', { imported: 1, '2026-01': 1 }))?.kind).toBe('other');
  });
});
