/**
 * Negation for commission risks: "do not stop suddenly" must not count as advice to stop
 * suddenly. Looks a few words back within the segment, stopping at a clause break such as
 * "but" (so "don't panic, but just stop" still counts), and a few words ahead for
 * "... is dangerous".
 */
const NEGATOR_BEFORE =
  /(?:\b(?:not|never|no|avoid|avoiding|without|instead of|rather than|against|refrain from|dangerous to|unsafe to|risky to|harmful to|stop you from|warn(?:s|ed)? against)\b|n't\b)/i;
const CLAUSE_BREAK = /(?:\bbut\b|\bhowever\b|\bthough\b|;|:|\n)/gi;
const DANGER_AFTER = /^\W{0,3}(?:\w+\s+){0,2}(?:is|are|can be|could be|would be|may be|might be)\s+(?:very\s+|extremely\s+|really\s+)?(?:dangerous|unsafe|risky|harmful|life-threatening|a bad idea|not safe|not recommended)/i;

export function isNegated(text: string, start: number, end: number, segStart: number, segEnd: number): boolean {
  let before = text.slice(Math.max(segStart, start - 48), start);
  CLAUSE_BREAK.lastIndex = 0;
  let cut = -1;
  while (CLAUSE_BREAK.test(before)) cut = CLAUSE_BREAK.lastIndex; // a break's end, with no match array built
  if (cut >= 0) before = before.slice(cut);
  if (NEGATOR_BEFORE.test(before)) return true;
  return DANGER_AFTER.test(text.slice(end, Math.min(segEnd, end + 40)));
}
