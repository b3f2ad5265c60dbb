import type { Case } from '../caseSchema';
import type { ResponseRecord } from '../run/types';
import { verdictBase, type ScoreRecord } from '../scoreRecord';
import { scoreLocally } from './localScorer';
import type { LocalScore, OmissionMechanism } from './types';

export const LOCAL_SCORER = 'local';

/** The most telling mechanism behind the misses: a refusal outranks deflection, which outranks hedging. */
function dominantMechanism(score: LocalScore): OmissionMechanism | null {
  const found = new Set(score.critical_actions.map((a) => a.mechanism).filter((m): m is OmissionMechanism => !!m));
  const order: OmissionMechanism[] = ['safety_refusal', 'generic_deflection', 'hedging', 'scope_limitation'];
  return order.find((m) => found.has(m)) ?? (score.critical_actions.length ? 'none' : null);
}

/** Scores one stored response with the local scorer, as the row every scorer writes. */
export function localScoreRecord(response: ResponseRecord, c: Case, now = new Date().toISOString()): ScoreRecord {
  const prompt = response.request.messages.findLast((m) => m.role === 'user')?.content ?? '';
  const filtered = response.status === 'filtered';
  const score = scoreLocally({ case: c, framing: response.framing, prompt, response: response.text, filtered });
  return {
    ...verdictBase(LOCAL_SCORER, 'local', response, now),
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
  };
}
