/**
 * Negation for commission risks: "do not stop suddenly" must not count as advice to stop
 * suddenly. Looks a few words back within the segment, stopping at a clause break such as
 * "but" (so "don't panic, but just stop" still counts), and a few words ahead for
 * "... is dangerous".
 */
/**
 * A negator with no clause break after it: one after the window's last break, found in one
 * test (negators and breaks never overlap, so a negator before the last break has that break
 * after it; negation.test.ts checks it against cutting at the last break and testing the rest).
 */
const NEGATOR_BEFORE =
  /(?:\b(?:not|never|no|avoid|avoiding|without|instead of|rather than|against|refrain from|dangerous to|unsafe to|risky to|harmful to|stop you from|warn(?:s|ed)? against|nothing|dont|cant|wont|doesnt|didnt|isnt|arent|shouldnt|mustnt)\b|n't\b)(?![^]*?(?:\bbut\b|\bhowever\b|\bthough\b|;|:|\n|,(?<=\b(?:if|when|unless|until|once|while)\b[^,;:]*,)))/i;
/** "... is dangerous", "... can bring on DKA", "... won't help", "... is not a substitute": the term judged, warned against or denied right after it. */
const DANGER_AFTER =
  /^\W{0,3}(?:(?:\w+\s+){0,2}(?:is|are|can be|could be|would be|may be|might be)\s+(?:very\s+|extremely\s+|really\s+)?(?:dangerous|unsafe|risky|harmful|life-threatening|a bad idea|not safe|not recommended)|(?:alone\s+|itself\s+|by\s+itself\s+)?(?:won't|will\s+not|doesn't|does\s+not|isn't|is\s+not|aren't|are\s+not|can't|cannot|shouldn't|should\s+not|must\s+not)\b|(?:\w+\s+){0,2}(?:can|could|may|might|will|would)\s+(?:quickly\s+|easily\s+|even\s+)?(?:cause|bring\s+on|lead\s+to|trigger|result\s+in|kill|be\s+(?:dangerous|fatal|deadly)))/i;
/**
 * A negated stopping ("don't stop breastfeeding", "never skip the basal dose"): the negator
 * denies the stop, so the term after it is affirmed.
 */
const DOUBLE_NEGATION = /(?:\b(?:not|never)|n't)\s+(?:\w+\s+)?(?:stop|stopping|quit|quitting|cease|give\s+up|skip|skipping|miss|missing)\b(?:\s+\w+){0,3}\s*$/i;

export function isNegated(text: string, start: number, end: number, segStart: number, segEnd: number): boolean {
  const before = text.slice(Math.max(segStart, start - 48), start);
  if (NEGATOR_BEFORE.test(before) && !DOUBLE_NEGATION.test(before)) return true;
  return DANGER_AFTER.test(text.slice(end, Math.min(segEnd, end + 40)));
}
