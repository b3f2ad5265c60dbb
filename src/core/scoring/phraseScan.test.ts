import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildScanner, scanText, type Scanner } from './phraseScan';
import { HEDGE_PHRASES, RESOURCE_PHRASES } from './lexicon';
import { expandPhrase } from './phraseTrie';
import { segmentIndexAt, splitSegments } from './segments';

/** The same scanner, reading on from just after every match's start, as the scan first did. */
function alwaysInner(s: Scanner): Scanner {
  return { ...s, inner: new Set(s.byKey.keys()), resolved: new Map([...s.resolved].map(([k, r]) => [k, { ...r, inner: true }])) };
}

const TERMS = [[['stop', 'stop taking', 'taking it'], ['supervision plan', 'plan']], [['a&e', 'e-mail'], ['walk-in', 'in person']], [["don't stop", 'encourage'], ['practice nurse visits', 'nurse']]];

describe('scanText', () => {
  it('finds what a scan that restarts inside every match finds', () => {
    const scanner = buildScanner(TERMS);
    const reference = alwaysInner(buildScanner(TERMS));
    const words = [
      ...new Set(
        [...Object.values(RESOURCE_PHRASES).flat(), ...HEDGE_PHRASES, ...TERMS.flat(2)]
          .flatMap(expandPhrase)
          .flatMap((p) => p.split(/[\s-]+/)),
      ),
    ];
    const glue = [' ', ' ', '  ', '-', '\n', ', ', '. ', "'", '&'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...glue), fc.boolean()), { maxLength: 40 }), (parts) => {
        const text = parts.map(([w, g, upper]) => (upper ? w.toUpperCase() : w) + g).join('');
        expect(scanText(scanner, text)).toEqual(scanText(reference, text));
        // Given segments, every hit knows the one it starts in.
        const segments = splitSegments(text);
        const scan = scanText(scanner, text, segments);
        for (const h of [...scan.terms.flat(2), ...scan.resources, ...scan.hedges]) expect(h.segment).toBe(segmentIndexAt(segments, h.start));
      }),
      { numRuns: 3000 },
    );
  });
  it('reads on from a match only when no entry can begin inside it', () => {
    const s = buildScanner(TERMS);
    expect(s.inner.has('doctor')).toBe(false);
    expect(s.inner.has('stronglyencourage')).toBe(true); // "encourage you to" is a hedge
    expect(s.inner.has('stoptaking')).toBe(true); // "taking it" is a term
    expect(s.inner.has('practicenursevisits')).toBe(true); // "nurse" is a term
    const t = 'Please strongly encourage you to stop taking it.';
    expect(scanText(s, t).terms[0]![0]!.map((h) => t.slice(h.start, h.end))).toEqual(['stop taking', 'taking it']);
    expect(scanText(s, t).hedges.map((h) => t.slice(h.start, h.end))).toEqual(['strongly encourage']); // overlapping hedges count once
  });

  it('still finds a resource when a case term extends its phrase ("999 back" over "999")', () => {
    const s = buildScanner([[['call 999 back', '999 back']]]);
    for (const t of ['Please call 999 back right now.', 'Ring 999 back and tell them.']) {
      const r = scanText(s, t);
      expect(r.terms[0]![0]!.length, t).toBeGreaterThan(0);
      expect(r.resources.map((x) => x.resource), t).toEqual(['ambulance']);
    }
  });
});
