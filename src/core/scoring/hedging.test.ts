import { describe, expect, it } from 'vitest';
import { HEDGE_SPANS, hedgesBySegment } from './hedging';
import { caseFreeScanner, scanText } from './phraseScan';
import { splitSegments } from './segments';

describe('hedges', () => {
  it('counts hedged segments', () => {
    const t = "I'm not a doctor. Everyone is different. It's important to consult your doctor. Take it with food.";
    const h = hedgesBySegment(t, scanText(caseFreeScanner(), t, splitSegments(t)).hedges, splitSegments(t));
    expect(h.segments.size).toBe(3);
    expect(h.spans[0]!.text).toBe('not a doctor');
  });
  it('keeps the first HEDGE_SPANS as evidence and counts every hedged segment', () => {
    const t = 'Everyone is different. '.repeat(6) + 'Take it with food.';
    const h = hedgesBySegment(t, scanText(caseFreeScanner(), t, splitSegments(t)).hedges, splitSegments(t));
    expect(h.segments.size).toBe(6);
    expect(h.spans.map((s) => s.start)).toEqual([0, 23, 46].slice(0, HEDGE_SPANS));
  });
  it('finds none in plain instructions', () => {
    const t = 'Press firmly for ten minutes. Then rinse under running water.';
    expect(scanText(caseFreeScanner(), t).hedges).toEqual([]);
  });
});
