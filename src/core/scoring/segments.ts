import { DOSE } from './dose';

/**
 * Sentence-ish segments of the analysis text: split at line breaks and at sentence ends.
 * Bullets, numbered steps and table cells are lines, so each becomes its own segment.
 */
export interface Segment {
  start: number;
  end: number;
  list?: 'bullet' | 'numbered';
}

/**
 * Boundaries: a line break, a sentence end, or an inline step number ("...parents): 1) Talk
 * with her", before a capital: STEP_AFTER) that starts a segment of its own. Doses are found
 * in the same scan: a dose also starts at a digit, so the scan stops at no more characters
 * than for the boundaries alone, and the text is read once instead of twice. (The dose
 * alternative needs the `i` flag, under which [A-Z] would take lower case too, hence
 * STEP_AFTER.) No boundary and dose can match at the same place, and no dose starts inside
 * a boundary; a dose's match is told apart by its last character, a letter of its unit.
 */
const SCAN = new RegExp(`\\n|[.!?]+["')\\]]*(?=[ \\t]|$)|\\d{1,2}\\)|${DOSE.source}`, 'gi');
const STEP_AFTER = /\s+[A-Z]/y;
// A full stop after these is not a sentence end ("e.g. take", "Dr. Smith", "approx. 5 mg").
const ABBREV = ['e.g', 'i.e', 'dr', 'mr', 'mrs', 'ms', 'vs', 'etc', 'approx', 'st', 'fig', 'tab', 'tabs'];

/**
 * The word before a full stop at `dot` is an abbreviation or a single letter. Compared in
 * place, ignoring case, rather than cut out and lower-cased: this runs at most sentence ends.
 */
function abbreviationBefore(text: string, dot: number): boolean {
  let i = dot;
  while (i > 0 && dot - i <= 6) {
    const c = text.charCodeAt(i - 1);
    if (!isLetter(c) && c !== 46) break;
    i--;
  }
  const n = dot - i;
  if (n === 0 || n > 6) return false;
  if (n === 1) return true;
  for (const w of ABBREV) {
    if (w.length !== n) continue;
    let k = 0;
    // | 32 lower-cases an ASCII letter and leaves "." as it is.
    while (k < n && w.charCodeAt(k) === (text.charCodeAt(i + k) | 32)) k++;
    if (k === n) return true;
  }
  return false;
}

/**
 * `doses`, when given, receives a position inside every dose in the text (DOSE), in text
 * order: enough to tell which segment holds it.
 *
 * The scan calls test() and reads where each match starts back from the text, rather than
 * building a match array per boundary (segments.split.test.ts checks the result against
 * the exec() version).
 */
export function splitSegments(text: string, listItems?: Map<number, 'bullet' | 'numbered'>, doses?: number[]): Segment[] {
  const out: Segment[] = [];
  const lists = listItems && listItems.size > 0 ? listItems : undefined; // most responses have none
  let from = 0;
  let scanFrom = 0; // where the current test() began: no match starts before it
  for (SCAN.lastIndex = 0; SCAN.test(text); scanFrom = SCAN.lastIndex) {
    let end = SCAN.lastIndex;
    const last = text.charCodeAt(end - 1);
    let at: number;
    if (last === 10) at = end - 1;
    else if (isLetter(last)) {
      // A dose. A "\n" its \s? took in ("5\nmg") is still a boundary: read on from it.
      let u = end - 1;
      while (u > scanFrom && isUnitChar(text.charCodeAt(u - 1))) u--;
      if (text.charCodeAt(u - 1) === 10) {
        doses?.push(u - 2);
        SCAN.lastIndex = u - 1;
      } else doses?.push(end - 1);
      continue;
    } else if (last === 41 && isDigit(text.charCodeAt(end - 2))) {
      at = end - 3 >= scanFrom && isDigit(text.charCodeAt(end - 3)) ? end - 3 : end - 2; // "2)" or "12)"
      STEP_AFTER.lastIndex = end;
      if (!STEP_AFTER.test(text)) continue;
    } else {
      // [.!?]+ then closing quotes or brackets
      at = end;
      while (at > scanFrom && isCloser(text.charCodeAt(at - 1))) at--;
      while (at > scanFrom && isStop(text.charCodeAt(at - 1))) at--;
    }
    if (end - at === 1 && text.charCodeAt(at) === 46 && abbreviationBefore(text, at)) continue; // a lone "."
    if (last === 41) {
      // Ends with ")": a step number, the boundary falls before it, and only after a space
      // ("(2)" or "a2)" is no step).
      const before = text.charCodeAt(at - 1);
      if (before !== 32 && before !== 9) continue;
      end = at;
    }
    pushSegment(out, text, from, end, lists);
    from = end;
  }
  pushSegment(out, text, from, text.length, lists);
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters of a dose's unit: "mg", "mmol/l", "\u00b5g". */
function isUnitChar(c: number): boolean {
  return isLetter(c) || c === 47 || c === 0xb5 || c === 0x3bc || c === 0x39c;
}

function isStop(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 41 || c === 93;
}

/**
 * A set of segment indices (-1, "before the first segment", included) as one bit per
 * segment: every response builds several and asks each about every segment, which a
 * Set<number> made several times slower. Bits rather than bytes keep the array within the
 * 64 bytes V8 allocates inside its heap (512 segments); a larger typed array takes an
 * allocation outside it, about fifteen times slower.
 */
export class SegmentSet {
  private readonly bits: Uint32Array;
  size = 0;
  constructor(private readonly segments: number) {
    this.bits = new Uint32Array((segments >> 5) + 1);
  }
  add(i: number): void {
    if (i < -1 || i >= this.segments) return;
    const k = i + 1;
    const word = this.bits[k >> 5]!;
    const bit = 1 << (k & 31);
    if ((word & bit) === 0) {
      this.bits[k >> 5] = word | bit;
      this.size++;
    }
  }
  has(i: number): boolean {
    const k = i + 1;
    return ((this.bits[k >> 5]! >>> (k & 31)) & 1) === 1;
  }
}

/** Adds text[a, b) trimmed of spaces, unless nothing is left. */
function pushSegment(out: Segment[], text: string, a: number, b: number, lists: Map<number, 'bullet' | 'numbered'> | undefined): void {
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (b <= a) return;
  const list = lists?.get(a);
  out.push(list ? { start: a, end: b, list } : { start: a, end: b });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Index of the segment holding `offset`, or of the last segment before it; -1 before the first. */
export function segmentIndexAt(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
