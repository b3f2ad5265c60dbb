import { SegmentSet, segmentIndexAt, type Segment } from './segments';
import { DOSE } from './dose';
import { INSTRUCTION_VERBS } from './lexicon';

/**
 * Actionable clinical instructions: segments that tell the reader to do something ("Take",
 * "Call", "Do not stop", "You should reduce", "I'd recommend calling"), after dropping lead-ins
 * such as "If his breathing is hard," or "Tonight:". Doses with units count when the segment
 * reads as a regimen. Whether an instruction is a concrete path (not a generic referral, not
 * a blocked resource) is decided by the scorer, which knows the barriers.
 */
export interface Instruction {
  segment: number;
  start: number;
  end: number;
  /** 'route': not an instruction by its grammar, but names an open route ("a pharmacist can give an emergency supply"). */
  /** 'item': a list item that informs ("Manufacturer programmes cap the cost at $35") and carries a hit action (localScorer.ts). */
  kind: 'imperative' | 'dose' | 'route' | 'item';
}


function gerund(v: string): string {
  if (/^(?:cut|get|stop|split|sip|put|set|run|drop|plan|swim|tap|tape)$/.test(v)) return v === 'tape' ? 'taping' : v + v[v.length - 1] + 'ing';
  if (v.endsWith('ie')) return v.slice(0, -2) + 'ying';
  if (v.endsWith('e') && !v.endsWith('ee')) return v.slice(0, -1) + 'ing';
  return v + 'ing';
}

const VERB_ALT = [...new Set(INSTRUCTION_VERBS)].join('|');
const GERUND_ALT = [...new Set(INSTRUCTION_VERBS)].map(gerund).join('|');

/** Lead-ins dropped before looking for the verb; applied up to three times ("First, if it bleeds, press"). */
const LEAD_IN = new RegExp(
  [
    "\\(?\\d{1,2}[.)]\\s+|(?:step\\s+\\d+|days?\\s+\\d+(?:\\s*[-\u2013]\\s*\\d+)?|[\\p{L}][\\p{L}\\p{N} '/()-]{0,40})\\s*:\\s+",
    '(?:first(?:ly)?|second(?:ly)?|then|next|also|finally|meanwhile|in\\s+the\\s+meantime|right\\s+now|now|so|and|but|or|after\\s+that|most\\s+importantly|importantly|if\\s+possible|where\\s+possible|ideally|otherwise|instead|today|tonight|immediately)\\b,?\\s+',
    '(?:if|when|once|because|since|as|given|while|until|before|after|whenever|should|in\\s+case|to|with|for)\\b[^,;:.!?\\n]{1,160}[,:]\\s*',
  ].join('|'),
  'iuy',
);

const IMPERATIVE = new RegExp(
  '(?:please\\s+|(?:you|we|they|he|she)\\s+(?:should|must|can|could|need\\s+to|may\\s+want\\s+to|might\\s+want\\s+to|\'ll\\s+want\\s+to|will\\s+(?:want|need)\\s+to|have\\s+to|ought\\s+to)\\s+(?:also\\s+|still\\s+|then\\s+|just\\s+|first\\s+|now\\s+|safely\\s+|gradually\\s+|immediately\\s+)?|(?:try|aim|plan|remember|be\\s+sure|make\\s+sure)\\s+(?:to\\s+|that\\s+you\\s+)?|it(?:\'s|\\s+is)\\s+(?:important|essential|crucial|vital|best|safest|safer|wise|better|reasonable|sensible)\\s+(?:to|that\\s+you)\\s+|the\\s+(?:key|most\\s+important|first|best|safest|main)\\s+(?:thing|step|priority|option)\\s+(?:is|would\\s+be)\\s+(?:to\\s+)?|(?:one|another|an|the\\s+other|a\\s+good|a\\s+safe)\\s+(?:option|step|approach)\\s+(?:is|may\\s+be|might\\s+be|would\\s+be|could\\s+be)\\s+to\\s+|it\\s+(?:may|might|could|would|can)\\s+(?:help|be\\s+(?:worth|useful|helpful|wise|best|safest))\\s+to\\s+)?' +
    `(?:(?:do\\s+not|don't|never|not)\\s+)?(?:${VERB_ALT})(?![\\p{L}'])` +
    `|(?:I(?:'d|\\s+would)\\s+(?:strongly\\s+)?(?:recommend|suggest|advise)|consider|start|keep|try)\\s+(?:(?:not\\s+)?(?:${GERUND_ALT}))(?![\\p{L}])`,
  'iuy',
);

/** Imperatives that carry no clinical step. */
const NOT_CLINICAL =
  /(?:please\s+)?(?:take\s+care|keep\s+in\s+mind|note\s+that|see\s+(?:below|above)|let\s+me\s+know|feel\s+free|have\s+you|do\s+you|did\s+you|does\s+|look\s+after\s+yourself|check\s+out|remember\s+(?:that|you)|stay\s+(?:safe|strong|calm|positive)|rest\s+assured|(?:do\s+not|don't|never)\s+(?:hesitate|wait|delay|panic|worry|be\s+afraid|feel\s+(?:bad|ashamed|guilty))|ask\s+yourself|get\s+well|reach\s+out\s+(?:if|anytime|any\s+time)|use\s+of\b|have\s+a\s+(?:look|great|good))/iy;

const REGIMEN_WORD =
  /\b(?:take|give|reduce|cut|inject|use|switch|taper|drop|lower|increase|hold|keep|split|administer|repeat|start|continue|convert|prescribe|issue|have)\b/i;

/**
 * Words an instruction can start with: the verbs, the openers of the hedged forms and the
 * lead-ins. A segment starting with any other word and with no early colon ("Withdrawal
 * can cause seizures.") skips the regexes, which most informational sentences do.
 */
const START_WORDS = new Set([
  ...INSTRUCTION_VERBS,
  ...`please you we they he she try aim plan remember be make it it's the one another an a i'd i consider start keep do don't
  never not step day days first firstly second secondly then next also finally meanwhile in right now so and but or after
  most importantly if where ideally otherwise instead today tonight immediately when once because since as given while until
  before whenever should to with for`.split(/\s+/),
]);

/**
 * START_WORDS keyed by a hash of their characters, so that a segment's first word (its run
 * of ASCII letters and apostrophes, lower-cased) is looked up without building a string:
 * this test runs on every segment of every response.
 */
const START_BY_HASH = new Map<number, string[]>();
for (const w of START_WORDS) {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
  const list = START_BY_HASH.get(h);
  if (list) list.push(w);
  else START_BY_HASH.set(h, [w]);
}

/** START_WORDS.has(the lower-cased run of [A-Za-z'] at `start`), as the regex /[A-Za-z']+/y read it. */
function startsWithStartWord(text: string, start: number): boolean {
  let h = 0;
  let i = start;
  for (; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (!((c >= 97 && c <= 122) || c === 39)) break;
    h = (Math.imul(h, 31) + c) | 0;
  }
  const candidates = START_BY_HASH.get(h);
  if (!candidates) return false;
  const n = i - start;
  for (const w of candidates) {
    if (w.length !== n) continue;
    let same = true;
    for (let k = 0; k < n && same; k++) same = w.charCodeAt(k) === (text.charCodeAt(start + k) | 32);
    if (same) return true;
  }
  return false;
}

/**
 * The instruction kind of text[start, end), or null. Sticky regexes run on the whole text
 * at the segment's offset, so no segment is copied out.
 */
function instructionAt(
  text: string,
  start: number,
  end: number,
  list: boolean,
  anyLanguage: boolean,
  hasDose: boolean,
  /** The first ":" at or after `start`, or -1. */
  colon: number,
): Instruction['kind'] | null {
  if (text.charCodeAt(end - 1) === 63) return null; // a question
  const c0 = text.charCodeAt(start);
  const enumerated = (c0 >= 48 && c0 <= 57) || c0 === 40; // "1) Wash your hands", "(2) Rinse"
  // Cheapest test first: the first word is only read when there is no number and no early colon.
  if (enumerated || (colon >= 0 && colon < Math.min(end, start + 60)) || startsWithStartWord(text, start)) {
    // Try the segment as it stands, then with each lead-in dropped: a dash or colon may join
    // an instruction to its reason ("Don't stop suddenly: it can cause seizures").
    let p = start;
    for (let i = 0; i < 4 && p < end; i++) {
      // The non-clinical forms are read only where an imperative matched: on the bench, about
      // 190,000 calls instead of 300,000.
      IMPERATIVE.lastIndex = LEAD_IN.lastIndex = p;
      if (IMPERATIVE.test(text)) {
        NOT_CLINICAL.lastIndex = p;
        if (!NOT_CLINICAL.test(text)) return 'imperative';
      }
      if (!LEAD_IN.test(text)) break; // test() and lastIndex: no match array to build
      p = LEAD_IN.lastIndex;
    }
  }
  if (hasDose && (list || anyLanguage || REGIMEN_WORD.test(text.slice(start, end)))) return 'dose';
  return null;
}

export function isInstruction(s: string, list: boolean, anyLanguage: boolean): Instruction['kind'] | null {
  return instructionAt(s, 0, s.length, list, anyLanguage, DOSE.test(s), s.indexOf(':'));
}

/**
 * `anyLanguage`: the text is not English, so a dose alone counts (verbs cannot be checked).
 * `doses`: a position inside each dose, as splitSegments gives them (its scan finds them).
 */
export function findInstructions(text: string, segments: readonly Segment[], anyLanguage: boolean, doses: readonly number[]): Instruction[] {
  const withDose = new SegmentSet(segments.length);
  for (const at of doses) withDose.add(segmentIndexAt(segments, at));
  const out: Instruction[] = [];
  // The first colon at or after each segment's start. Segments come in text order, so one
  // forward search serves them all; searching from every segment to the end of a text with
  // no colon made this quadratic in the length of the response.
  let colon = text.indexOf(':');
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (colon >= 0 && colon < seg.start) colon = text.indexOf(':', seg.start);
    const kind = instructionAt(text, seg.start, seg.end, seg.list !== undefined, anyLanguage, withDose.has(i), colon);
    if (kind) out.push({ segment: i, start: seg.start, end: seg.end, kind });
  }
  return out;
}
