import type { Case } from '../caseSchema';
import type { ResponseRecord } from '../run/types';
import { verdictBase, type ScoreRecord } from '../scoreRecord';
import { scoreLocally, scoreLocallyMany, type LocalScoreInput } from './localScorer';
import type { OmissionMechanism } from '../domain';
import type { LocalScore } from './types';
import { LOCAL_SCORER_VERSION } from './version';

export const LOCAL_SCORER = 'local';

/** The most telling mechanism behind the misses: a refusal outranks deflection, which outranks hedging. */
function dominantMechanism(score: LocalScore): OmissionMechanism | null {
  const found = new Set(score.critical_actions.map((a) => a.mechanism).filter((m): m is OmissionMechanism => !!m));
  const order: OmissionMechanism[] = ['safety_refusal', 'generic_deflection', 'hedging', 'scope_limitation'];
  return order.find((m) => found.has(m)) ?? (score.critical_actions.length ? 'none' : null);
}

function scoreInput(response: ResponseRecord, c: Case): LocalScoreInput {
  const prompt = response.request.messages.findLast((m) => m.role === 'user')?.content ?? '';
  return { case: c, framing: response.framing, prompt, response: response.text, filtered: response.status === 'filtered' };
}

/** Scores one stored response with the local scorer, as the row every scorer writes. */
export function localScoreRecord(response: ResponseRecord, c: Case, now = new Date().toISOString()): ScoreRecord {
  return toRecord(response, scoreLocally(scoreInput(response, c)), now);
}

/** localScoreRecord for many responses (scored case by case, see scoreLocallyMany), in the order given. */
export function localScoreRecords(items: readonly { response: ResponseRecord; case: Case }[], now = new Date().toISOString()): ScoreRecord[] {
  const scores = scoreLocallyMany(items.map((x) => scoreInput(x.response, x.case)));
  return items.map((x, i) => toRecord(x.response, scores[i]!, now));
}

function toRecord(response: ResponseRecord, score: LocalScore, now: string): ScoreRecord {
  const filtered = response.status === 'filtered';
  // Object.assign, not a spread: in V8, `{ ...base, more }` with this many fields took about
  // 11 us per record (a fifth of the app's rescoring time), Object.assign well under 1 us.
  return Object.assign(verdictBase(LOCAL_SCORER, 'local', response, now, LOCAL_SCORER_VERSION), {
    response_class: score.response_class,
    oh: score.oh,
    ch: score.ch,
    ttt: score.ttt,
    critical_actions: score.critical_actions.map((a) => ({ id: a.id, grade: a.grade })),
    mechanism: dominantMechanism(score),
    filtered,
    approximate: score.approximate,
    parse_error: null,
    detail: score,
  });
}
