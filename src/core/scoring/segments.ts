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

// Also an inline step number ("...parents): 1) Talk with her"), which starts a segment of
// its own; matched from its digit so that V8 only stops at digits, not at every space.
const BOUNDARY = /\n|[.!?]+["')\]]*(?=[ \t]|$)|\d{1,2}\)(?=\s+[A-Z])/g;
/**
 * The same boundaries and, in the same scan, doses: a dose also starts at a digit, so the
 * scan stops at no more characters than before, and the text is read once instead of
 * twice. The dose alternative needs the `i` flag, under which [A-Z] would take lower case
 * too, so the step number's capital is checked by STEP_AFTER instead. No boundary and dose
 * can match at the same place, and no dose starts inside a boundary.
 */
const BOUNDARY_OR_DOSE = new RegExp(`\\n|[.!?]+["')\\]]*(?=[ \\t]|$)|\\d{1,2}\\)|${DOSE.source}`, 'gi');
const STEP_AFTER = /\s+[A-Z]/y;
// A full stop after these is not a sentence end ("e.g. take", "Dr. Smith", "approx. 5 mg").
const ABBREV = new Set(['e.g', 'i.e', 'dr', 'mr', 'mrs', 'ms', 'vs', 'etc', 'approx', 'st', 'fig', 'tab', 'tabs']);

/** The word before a full stop at `dot` is an abbreviation or a single letter. */
function abbreviationBefore(text: string, dot: number): boolean {
  let i = dot;
  while (i > 0 && dot - i <= 6) {
    const c = text.charCodeAt(i - 1);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46;
    if (!letter) break;
    i--;
  }
  if (i === dot || dot - i > 6) return false;
  const word = text.slice(i, dot).toLowerCase();
  return word.length === 1 || ABBREV.has(word);
}

/**
 * `doses`, when given, receives the start of every dose in the text (DOSE), in text order.
 */
export function splitSegments(text: string, listItems?: Map<number, 'bullet' | 'numbered'>, doses?: number[]): Segment[] {
  const out: Segment[] = [];
  const lists = listItems && listItems.size > 0 ? listItems : undefined; // most responses have none
  let from = 0;
  const re = doses ? BOUNDARY_OR_DOSE : BOUNDARY;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Characters are read from the text rather than by string tests on m[0].
    const at = m.index;
    let end = at + m[0].length;
    const last = text.charCodeAt(end - 1);
    if (doses) {
      const c = text.charCodeAt(at);
      if (c >= 48 && c <= 57) {
        if (last !== 41) {
          // A dose: a "\n" its \s? took in ("5\nmg") is still a boundary, so read on from
          // just after its start (a dose found again inside it, "5 mg" in "1.5 mg", is in
          // the same segment).
          doses.push(at);
          re.lastIndex = at + 1;
          continue;
        }
        STEP_AFTER.lastIndex = end; // a step number
        if (!STEP_AFTER.test(text)) continue;
      }
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
