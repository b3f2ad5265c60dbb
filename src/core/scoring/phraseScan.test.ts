import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildScanner, requiredLiterals, scanText, type Scanner } from './phraseScan';
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

describe('requiredLiterals', () => {
  it('finds plain text every match must contain, and none where an alternative or quantifier makes it optional', () => {
    expect(requiredLiterals('is (common|typical)')).toEqual(['common', 'typical']);
    expect(requiredLiterals('\\b(?:more|most)\\s+likely\\b[^.;\\n]{0,40}\\bpanic')).toEqual(['likely']);
    expect(requiredLiterals('heavier than (a|your) (normal )?period')).toEqual(['heavier than ']);
    expect(requiredLiterals('colou?r')).toEqual(['colo']);
    expect(requiredLiterals('\\p{Lu}{2}abc')).toEqual(['abc']);
    expect(requiredLiterals('(?<!whether\\s)go to the er')).toEqual(['go to the er']);
    expect(requiredLiterals('[Ww]arfarin(?:s)?')).toEqual(['arfarin']);
    expect(requiredLiterals('(?<![\\p{L}\\p{N}_])80%')).toBeNull(); // too short to be worth a search
    expect(requiredLiterals('x\\.y')).toBeNull();
    // Escapes are skipped whole, never read as text: \u0041 is "A", not "0041".
    expect(requiredLiterals('\\u0041bcd')).toEqual(['bcd']);
    expect(requiredLiterals('\\x41\\u{1F600}\\cJzyx')).toEqual(['zyx']);
    expect(requiredLiterals('(a)\\12wxyz')).toEqual(['wxyz']);
    expect(requiredLiterals('(?<n>a)\\k<n>uvw')).toEqual(['uvw']);
  });
  it('reads alternatives and the groups every match passes through, but not optional groups or lookarounds', () => {
    expect(requiredLiterals('stop|quit')).toEqual(['stop', 'quit']);
    expect(requiredLiterals('stop|qu')).toBeNull();
    expect(requiredLiterals('\\b(?=(?:take|taking)\\b)(?<!\\bafter\\b[^.]{0,40})(?:take|taking)\\s+(?:the\\s+)?cetirizine')).toEqual(['cetirizine']);
    expect(requiredLiterals('\\b(?:may|might|could)\\s+(?:reduce|lower)\\s+(?:risk)?')).toEqual(['reduce', 'lower']);
    expect(requiredLiterals('(?:abc|)def')).toEqual(['def']);
    expect(requiredLiterals('(?:abcd){0,2}xy')).toBeNull();
    expect(requiredLiterals('(?=abcd)xy|efgh')).toBeNull();
  });
  it('whatever the pattern, text that holds a match holds one of the needles', () => {
    const piece = fc.constantFrom('ab', 'Cd', 'e', ' ', 'f?', '(g|hi)', '[jk]', '\\s+', 'l*', '(?:mn)?', '\\u0041', '\\d', 'o{1,2}', '|', 'pq', 'rs+', '(?:tuv|wxyz)', '(yza)+', '(bcd){0,2}', '(efg){2}', '(?:hij|)');
    const pattern = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        pattern.chain((source) => fc.tuple(fc.constant(source), fc.stringMatching(new RegExp(source, 'u')))),
        ([source, text]) => {
          const needles = requiredLiterals(source);
          if (needles !== null) expect(needles.some((n) => text.toLowerCase().includes(n)), `${source} / ${text} / ${needles.join(',')}`).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('never skips a term that matches: regex terms find the same hits as without the check', () => {
    const scanner = buildScanner([[['/is (common|typical)/i'], ['/Heavier than (a|your) period/i'], ['/stop|quit/i']]]);
    const text = 'Cramping IS COMMON. It may be heavier than your period. Do not stop.';
    const hits = scanText(scanner, text).terms[0]!.map((g) => g.map((h) => text.slice(h.start, h.end)));
    expect(hits).toEqual([['IS COMMON'], ['heavier than your period'], ['stop']]);
    expect(scanText(scanner, 'Nothing here.').terms[0]!.every((g) => g.length === 0)).toBe(true);
  });
});
