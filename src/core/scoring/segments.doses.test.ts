import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitSegments, segmentIndexAt } from './segments';
import { DOSE } from './dose';

/** Pieces that make boundaries, step numbers and doses touch each other in every way. */
const PIECES = ['1', '12', '123', '0.5', '1,5', ' ', '\n', '\t', '.', '!', '?', ')', '(', '"', "'", ']', 'mg', 'MG', 'units', 'ml', ' mg', 'Take', 'take', 'e.g', 'Dr', 'x', '\u00b5g', '\u03bcg', '\u039cg', '\u00a0'];

const reference = (text: string) => {
  const segments = splitSegments(text);
  const all = new RegExp(DOSE.source, 'gi');
  const withDose = new Set<number>();
  for (let m = all.exec(text); m; m = all.exec(text)) withDose.add(segmentIndexAt(segments, m.index));
  return { segments, withDose };
};

describe('splitSegments with doses', () => {
  it('splits as without them, and puts a dose in every segment the dose scan alone finds one in', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        const doses: number[] = [];
        const segments = splitSegments(text, undefined, doses);
        const ref = reference(text);
        expect(segments).toEqual(ref.segments);
        expect(new Set(doses.map((d) => segmentIndexAt(segments, d)))).toEqual(ref.withDose);
        expect(doses).toEqual([...doses].sort((a, b) => a - b));
      }),
      { numRuns: 5000 },
    );
  });
  it('keeps a line break that a dose spans as a boundary, and a step number only before a capital', () => {
    const t = 'Take 1.5 mg now.\n2) Then 5\nmg later. 3) take 10 units, 4)eat';
    const doses: number[] = [];
    expect(splitSegments(t, undefined, doses).map((s) => t.slice(s.start, s.end))).toEqual(['Take 1.5 mg now.', '2) Then 5', 'mg later.', '3) take 10 units, 4)eat']);
    expect(doses.map((d) => t.slice(d, d + 3))).toEqual(['1.5', '5 m', '5\nm', '10 ']);
  });
});
