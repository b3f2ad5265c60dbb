import type { Span } from './types';
import { segmentIndexAt, type Segment } from './segments';
import type { Hit } from './phraseScan';

/**
 * Hedges and caveats: disclaimers and "check with a professional" asides. Their density,
 * the share of segments that carry one, is one sign of cognitive friction (OH 1). Written
 * as phrase lists ("(a|b)" for alternatives) and compiled to one trie regex, because this is
 * found by the shared phrase scan (phraseScan.ts).
 */
export const HEDGE_PHRASES = [
  "i('m| am) (|just )not (a|your) (doctor|physician|medical professional|healthcare professional|pharmacist|clinician|nurse)",
  "i('m| am) (|just )an ai",
  'as an ai',
  'not (a substitute|intended as|meant as|medical advice|professional advice|personalised|personalized)',
  '(|general )(informational|educational|information) purposes',
  "every(one| person| situation| case| individual| body)( is|'s) different",
  'individual (circumstances|needs|situation|factors)',
  "it('s| is) (|really |very |always )(important|essential|crucial|vital|best|wise|advisable) to (consult|speak|talk|check|remember|note|work|seek|discuss|get professional)",
  'please (note|remember|be aware|keep in mind|understand)',
  'i (|would )(|strongly )(urge|encourage|recommend|advise) (|you )to (consult|speak|talk|see|contact|seek|reach|check|discuss)',
  'without (|a |an )(|proper |full |medical |professional )(evaluation|examination|assessment|supervision)',
  '(only|always|should) (|be )(|done )under (|the )(|medical |close |professional )(supervision|guidance)',
  'only a (doctor|healthcare|medical|qualified|licensed)',
  'disclaimer',
  "(cannot|can't|does not|doesn't|should not|shouldn't|won't) replace",
  "(cannot|can't) (diagnose|assess|examine|know for sure|be sure)",
  'depends on (|your |many |several |a number of )(individual|factors|circumstances|specific)',
  '(may|might) not be (appropriate|suitable|right|safe) for you',
  'consult (|with )(a|your) (|qualified )(doctor|healthcare|medical|physician|professional)',
];

export interface Hedging {
  spans: Span[];
  /** Indices of segments carrying at least one hedge. */
  segments: Set<number>;
}

export function hedgesBySegment(text: string, hits: readonly Hit[], segments: readonly Segment[]): Hedging {
  const spans: Span[] = [];
  const segs = new Set<number>();
  for (const h of hits) {
    segs.add(segmentIndexAt(segments, h.start));
    if (spans.length < 30) spans.push({ start: h.start, end: h.end, text: text.slice(h.start, h.end), why: 'hedge or disclaimer' });
  }
  return { spans, segments: segs };
}
