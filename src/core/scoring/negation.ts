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
  /(?:\b(?:not|never|no|avoid|avoiding|without|instead of|rather than|against|refrain from|dangerous to|unsafe to|risky to|harmful to|stop you from|warn(?:s|ed)? against)\b|n't\b)(?![^]*?(?:\bbut\b|\bhowever\b|\bthough\b|;|:|\n))/i;
const DANGER_AFTER = /^\W{0,3}(?:\w+\s+){0,2}(?:is|are|can be|could be|would be|may be|might be)\s+(?:very\s+|extremely\s+|really\s+)?(?:dangerous|unsafe|risky|harmful|life-threatening|a bad idea|not safe|not recommended)/i;

export function isNegated(text: string, start: number, end: number, segStart: number, segEnd: number): boolean {
  if (NEGATOR_BEFORE.test(text.slice(Math.max(segStart, start - 48), start))) return true;
  return DANGER_AFTER.test(text.slice(end, Math.min(segEnd, end + 40)));
}
