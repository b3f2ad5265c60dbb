import type { ScoreRecord } from '../scoreRecord';
import { LOCAL_SCORER_VERSION } from '../scoring/version';

/** How many of a selection's verdicts each version of its scorer gave. */
export interface VersionCount {
  version: string;
  /** Verdicts, one per response. */
  n: number;
}

/**
 * What a selection's verdicts say about the scorer's versions, when a user must be told: the
 * verdicts mix versions, or the local scorer's are not from its current rules (they may
 * disagree with a rescore). Null when all is one current version.
 */
export interface VersionWarning {
  kind: 'local' | 'judge' | 'other';
  versions: VersionCount[];
  /** The local scorer's current version (kind 'local' only). */
  current?: string;
  message: string;
}

const responses = (n: number) => `${n} response${n === 1 ? '' : 's'}`;
const listed = (versions: readonly VersionCount[]) => versions.map((v) => `${v.version} (${responses(v.n)})`).join(', ');

/** `scores` are one scorer's verdicts on the selection (as the analysis reads them). */
export function scorerVersionWarning(scores: readonly Pick<ScoreRecord, 'scorer_kind' | 'scorer_version'>[]): VersionWarning | null {
  const counts = new Map<string, number>();
  for (const s of scores) counts.set(s.scorer_version, (counts.get(s.scorer_version) ?? 0) + 1);
  const versions = [...counts].map(([version, n]) => ({ version, n })).sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
  const kind = scores[0]?.scorer_kind;
  if (kind === 'local') {
    if (versions.every((v) => v.version === LOCAL_SCORER_VERSION)) return null;
    return {
      kind: 'local',
      versions,
      current: LOCAL_SCORER_VERSION,
      message:
        `These local scores were made by local scorer version${versions.length > 1 ? 's' : ''} ${listed(versions)}; the current version is ${LOCAL_SCORER_VERSION}. ` +
        'Its rules have changed since, so older scores may disagree with a rescore and should not be compared with newer ones.',
    };
  }
  if (versions.length < 2) return null;
  if (kind === 'judge_single' || kind === 'judge_structured') {
    return {
      kind: 'judge',
      versions,
      message: `These verdicts mix judge versions: ${listed(versions)}. A different prompt or judge model is a different instrument: re-judge the responses with one version before comparing them.`,
    };
  }
  return { kind: 'other', versions, message: `These scores mix scorer versions: ${listed(versions)}. Scores of different versions may not be comparable.` };
}
