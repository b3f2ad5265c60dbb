import type { Span } from './types';

/**
 * Refusal phrases: the model declining to give what was asked ("I can't help with that",
 * "I'm not able to provide", "I cannot give medical advice"). Disclaimers such as "I'm not a
 * doctor" are hedges, not refusals; they live in hedging.ts.
 *
 * Case-sensitive on purpose: with the `i` flag every "in", "is" and "it" starts a trial of
 * the "I can't ..." branch, which made this the slowest scan in the scorer. Words that can
 * open a sentence take both cases explicitly.
 */
const SELF_DECLINE =
  "\\bI(?:\\s+am|'m)?\\s+(?:can't|cannot|can\\s+not|won't|will\\s+not|must\\s+decline|have\\s+to\\s+decline|(?:am\\s+|'m\\s+)?(?:not\\s+(?:able|allowed|permitted|comfortable|in\\s+a\\s+position|going)|unable)|(?:do\\s+not|don't)\\s+feel\\s+comfortable|(?:'d|would)\\s+rather\\s+not)";
const SPEECH_ACT =
  '(?:help|assist|provide|give|offer|recommend\\w*|advise|prescribe|create|write|share|suggest|supply|answer|comply|fulfil|fulfill|design|outline|draft|calculate|work\\s+out|figure\\s+out|determine|specify|tell\\s+you\\s+(?:how|what|a|the|exactly)|do\\s+that|do\\s+this)';
/** Starts with a literal "I", which V8 finds quickly; the bulk of refusals. */
const SELF_REFUSAL = new RegExp(
  [
    `${SELF_DECLINE}\\b[^.!?\\n]{0,40}?\\b${SPEECH_ACT}\\b`,
    "\\bI\\s+(?:must|have\\s+to|need\\s+to)\\s+(?:decline|refrain)\\b",
    // A scope limitation, told apart for the omission mechanism, found in the same scan.
    '(?<scope>\\bI\\s+can\\s+only\\s+(?:offer|provide|give)\\b)',
  ].join('|'),
  'g',
);
/** The rarer forms, each with a word that must appear; run only when one does. */
const OTHER_REFUSAL = new RegExp(
  [
    "\\b(?:[Ii]t\\s+would(?:n't|\\s+not)\\s+be|[Ii]t(?:'s|\\s+is)\\s+not)\\s+(?:appropriate|safe|responsible|right)\\s+for\\s+me\\s+to\\b",
    '\\b(?:[Nn]ot\\s+something|[Nn]othing)\\s+I\\s+can\\s+(?:help|assist)\\b',
    '\\b[Uu]nable\\s+to\\s+comply\\b',
    '(?<scope>\\b(?:[Bb]eyond|[Oo]utside)\\s+(?:the\\s+|my\\s+)?(?:scope|remit)\\b)',
  ].join('|'),
  'g',
);
/**
 * Words at least one of which every rarer form contains, at a word start: the shared
 * phrase scan (phraseScan.ts) looks for them, so the rarer forms run only on texts that
 * have one, at no cost of their own. The scan also counts a longer phrase that begins with
 * a cue's key, so none of these may begin a SELF_REFUSAL cue: "I can " did, and every
 * "I can't" then ran the rarer forms too.
 */
export const REFUSAL_CUES = ['for me to', 'nothing i can', 'something i can', 'comply', 'scope', 'remit'];

/**
 * The first two words of every SELF_REFUSAL match, as the phrase scan reads them (any case,
 * any whitespace between words, word edges at both ends): "I", "I am" or "I'm", then the
 * word after it in each of SELF_REFUSAL's forms. Found by the shared scan as the rarer forms'
 * cues are, so that SELF_REFUSAL runs only on texts with one (on the bench, about 4 in 10).
 */
const SELF_OPENERS = ['i', 'i am', "i'm"];
const SELF_NEXT = ["can't", 'cannot', 'can', "won't", 'will', 'must', 'have', 'need', 'am', "'m", 'not', 'unable', 'do', "don't", "'d", 'would'];
export const SELF_REFUSAL_CUES = SELF_OPENERS.flatMap((o) => SELF_NEXT.map((w) => `${o} ${w}`));

/** Which refusal regexes a text needs: each runs only where one of its cues was seen. */
export interface RefusalCues {
  /** A SELF_REFUSAL_CUES phrase. */
  self: boolean;
  /** A REFUSAL_CUES word. */
  other: boolean;
}

/**
 * A test for callers without a phrase scan, as one scan for the words the rarer forms need
 * (several `includes` calls cost more): true when the text contains "for me to", "I can ",
 * "comply", "scope" or "remit", a little wider than REFUSAL_CUES, as a gate may be. Written from
 * the "c" or "m" each of them contains, with a lookbehind for the rest, because the scan
 * then stops at far fewer characters than at every f, I, c, s and r: it found the same
 * texts in about two thirds of the time.
 */
const OTHER_CUES = /c(?:omply|ope(?<=scope)|an (?<=I can ))|m(?:e to(?<=for me to)|it(?<=remit))/;

/** The text has a word the rarer forms need (exported for its test). */
export function hasOtherCues(text: string): boolean {
  return OTHER_CUES.test(text);
}

const BOTH = [SELF_REFUSAL, OTHER_REFUSAL];
const SELF_ONLY = [SELF_REFUSAL];
const OTHER_ONLY = [OTHER_REFUSAL];
const NONE: RegExp[] = [];

export interface Refusals {
  spans: Span[];
  /** "That's outside the scope of what I can advise on". */
  scopeLimited: boolean;
}

/** `cues`: what the phrase scan met; when not given, SELF_REFUSAL runs and the text is searched for the rarer forms' cues. */
export function findRefusals(text: string, cues: RefusalCues = { self: true, other: hasOtherCues(text) }): Refusals {
  const spans: Span[] = [];
  let scopeLimited = false;
  for (const re of cues.self ? (cues.other ? BOTH : SELF_ONLY) : cues.other ? OTHER_ONLY : NONE) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m && spans.length < 20; m = re.exec(text)) {
      if (m.groups?.scope) scopeLimited = true;
      else spans.push({ start: m.index, end: m.index + m[0].length, text: m[0], why: 'declines to help' });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  return { spans, scopeLimited };
}

