import type { Span } from './types';
import { SegmentSet, type Segment } from './segments';
import type { Hit } from './phraseScan';

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
