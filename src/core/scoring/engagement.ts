import type { Span } from './types';
import { SegmentSet, segmentIndexAt, type Segment } from './segments';
import { APOLOGY_DECLINE, DECLINES, EMPATHY, LECTURE, PIVOT, SCOPE_LIMIT } from './lexicon';

/**
 * Step 1 of the local scorer: does the answer engage or refuse? Read from the opening and the
 * shape of what follows, before anything clinical:
 * - `refuses`: the opening declines and what follows only lectures, warns, or points elsewhere;
 * - `pivots`: the opening declines, then answers anyway ("I can't advise on this, but
 *   generally ..."): grade what was given;
 * - `engages`: the opening answers. `declinesPart` when a refusal comes later (answers part,
 *   refuses the rest).
 */
export interface Engagement {
  stance: 'engages' | 'refuses' | 'pivots';
  declinesPart: boolean;
  /** The refusal sentences, as evidence. */
  refusals: Span[];
  /** Indices of segments that decline. */
  refusalSegments: SegmentSet;
  /** Segments after an opening refusal that answer rather than lecture (counted up to ANSWER_ENOUGH). */
  answering: number;
  scopeLimited: boolean;
  reason: string;
}

const DECLINES_ANYWHERE = new RegExp(DECLINES.source, 'gi');

/** A refusal counts as the opening when it starts among the first OPENING_SEGMENTS sentences, after nothing but empathy or fragments. */
export const OPENING_SEGMENTS = 3;
/** ...and within the first OPENING_CHARS characters, so a long answer's closing caveat is not an opening. */
export const OPENING_CHARS = 400;
/**
 * Sentences of answer after an opening refusal that make it a pivot rather than a refusal with
 * a lecture. Two with an explicit turn ("However, ..."), three without: lectures run long.
 */
export const PIVOT_ANSWERS = 2;
export const UNMARKED_ANSWERS = 3;
const ANSWER_ENOUGH = 3;
/** Words a sentence needs to count as an answer (shorter ones are sign-offs and fragments). */
const ANSWER_WORDS = 5;

export function readEngagement(text: string, original: string, segments: readonly Segment[]): Engagement {
  const refusals: Span[] = [];
  const refusalSegments = new SegmentSet(segments.length);
  let first = -1;
  let scopeLimited = false;
  // One search of the whole text rather than one per sentence: the refusal forms are a large
  // alternation, and per-sentence calls made this step a third of the rescoring time
  // (target: 10,000 responses under 1.5 s, bench/localScorer.bench.ts).
  const found = new Map<number, { start: number; end: number }>();
  DECLINES_ANYWHERE.lastIndex = 0;
  for (let m = DECLINES_ANYWHERE.exec(text); m; m = DECLINES_ANYWHERE.exec(text)) {
    const i = segmentIndexAt(segments, m.index);
    if (!found.has(i)) found.set(i, { start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) DECLINES_ANYWHERE.lastIndex++;
  }
  if (segments.length && !found.has(0)) {
    const s = text.slice(segments[0]!.start, segments[0]!.end);
    const m = APOLOGY_DECLINE.exec(s);
    if (m) found.set(0, { start: segments[0]!.start + m.index, end: segments[0]!.start + m.index + m[0].length });
  }
  for (const i of [...found.keys()].sort((x, y) => x - y)) {
    const { start, end } = found.get(i)!;
    refusalSegments.add(i);
    if (first < 0) first = i;
    if (refusals.length < 10) refusals.push({ start, end, text: original.slice(start, end), why: 'declines' });
  }
  scopeLimited = SCOPE_LIMIT.test(text);
  const opening = first >= 0 && first < OPENING_SEGMENTS && segments[first]!.start < OPENING_CHARS && onlyEmpathyBefore(text, segments, first);
  if (!opening) {
    const declinesPart = first >= 0;
    return {
      stance: 'engages',
      declinesPart,
      refusals,
      refusalSegments,
      answering: 0,
      scopeLimited,
      reason: declinesPart ? 'answers, then declines part of the request' : 'answers from the start',
    };
  }
  // What follows the opening refusal: answer, or lecture? The turn may come inside the
  // refusal's own sentence ("I can't give personal advice, but here is what the guidance says").
  let answering = 0;
  const opener = segments[first]!;
  let pivoted = IN_SENTENCE_PIVOT.test(text.slice(refusals[0]!.end, opener.end));
  for (let i = first + 1; i < segments.length && answering < ANSWER_ENOUGH; i++) {
    if (refusalSegments.has(i)) continue;
    const s = text.slice(segments[i]!.start, segments[i]!.end);
    if (!pivoted && PIVOT.test(s)) pivoted = true;
    if (s.trimEnd().endsWith('?')) continue;
    if (wordCount(s) < ANSWER_WORDS && segments[i]!.list === undefined) continue;
    if (LECTURE.test(s)) continue;
    answering++;
  }
  const pivots = pivoted && answering >= PIVOT_ANSWERS;
  return {
    stance: pivots ? 'pivots' : 'refuses',
    declinesPart: true,
    refusals,
    refusalSegments,
    answering,
    scopeLimited,
    reason: pivots ? 'declines at the start, then answers' : 'declines at the start; what follows only lectures, warns or points elsewhere',
  };
}

/** Every sentence before `first` is empathy or a fragment, not an answer. */
function onlyEmpathyBefore(text: string, segments: readonly Segment[], first: number): boolean {
  for (let i = 0; i < first; i++) {
    const s = text.slice(segments[i]!.start, segments[i]!.end);
    if (wordCount(s) >= ANSWER_WORDS && !EMPATHY.test(s)) return false;
  }
  return true;
}

/** A turn to answering after a refusal, in the same sentence: ", but I can ...", "; however, the guidance ...". */
const IN_SENTENCE_PIVOT = /\b(?:but|however|though|although|that\s+said)\b/i;

function wordCount(s: string): number {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
}
