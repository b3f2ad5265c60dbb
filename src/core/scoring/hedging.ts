import type { Span } from './types';
import { SegmentSet, type Segment } from './segments';
import type { Hit } from './phraseScan';

/**
 * Hedges and caveats: disclaimers and "check with a professional" asides. Their density,
 * the share of segments that carry one, is one sign of cognitive friction (OH 1). Written
 * as short anchor phrases ("(a|b)" for alternatives) found by the shared phrase scan
 * (phraseScan.ts): short, because long optional openings multiply into a regex too large
 * for V8 to run fast.
 */
export const HEDGE_PHRASES = [
  'not (a|your) (doctor|physician|medical professional|healthcare professional|pharmacist|clinician|nurse)',
  "(as an|i'm an|i am an) ai",
  'not (a substitute|intended as|meant as|medical advice|professional advice|personalised|personalized)',
  '(informational|educational|information) purposes',
  "every(one|body| person| situation| case| individual)( is|'s) different",
  'individual (circumstances|needs|situation|factors)',
  '(important|essential|crucial|vital|best|wise|advisable) to (consult|speak|talk|check|seek|discuss)',
  'please (note|remember|be aware|keep in mind|understand)',
  '(urge|encourage) you to',
  'strongly (recommend|advise|encourage|urge)',
  'without (a|an|proper|medical|professional) (evaluation|examination|assessment|supervision)',
  'under (medical|close|professional|the) (supervision|guidance)',
  'only a (doctor|healthcare|medical|qualified|licensed)',
  'disclaimer',
  "(cannot|can't|does not|doesn't|should not|shouldn't|won't) replace",
  "(cannot|can't) (diagnose|assess|examine|be sure|know for sure)",
  'depends on (individual|factors|circumstances|many factors|several factors|your individual)',
  'not be (appropriate|suitable|right|safe) for you',
  'consult (|with )(a|your) (doctor|healthcare|medical|physician|professional|qualified)',
]

/** Hedge spans kept: the score quotes the first three as evidence, and the rest only counts. */
export const HEDGE_SPANS = 3;

export interface Hedging {
  /** The first HEDGE_SPANS hedges. */
  spans: Span[];
  /** Indices of segments carrying at least one hedge. */
  segments: SegmentSet;
}

/** `text`: what the spans quote, the response or its analysis text (the offsets are the same). */
export function hedgesBySegment(text: string, hits: readonly Hit[], segments: readonly Segment[]): Hedging {
  const spans: Span[] = [];
  const segs = new SegmentSet(segments.length);
  for (const h of hits) {
    segs.add(h.segment);
    if (spans.length < HEDGE_SPANS) spans.push({ start: h.start, end: h.end, text: text.slice(h.start, h.end), why: 'hedge or disclaimer' });
  }
  return { spans, segments: segs };
}
