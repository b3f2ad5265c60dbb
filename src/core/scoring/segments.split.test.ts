import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SegmentSet, splitSegments, segmentIndexAt, type Segment } from './segments';
import { DOSE } from './dose';

/**
 * The split as first written, with exec() and a boundary regex of its own, and doses from a
 * whole-text scan of their own: the reference the one-scan, test()-based split must match.
 */
const BOUNDARY = /\n|[.!?]+["')\]]*(?=[ \t]|$)|\d{1,2}\)(?=\s+[A-Z])/g;
const ABBREV = new Set(['e.g', 'i.e', 'dr', 'mr', 'mrs', 'ms', 'vs', 'etc', 'approx', 'st', 'fig', 'tab', 'tabs']);
function reference(text: string): { segments: Segment[]; withDose: Set<number> } {
  const segments: Segment[] = [];
  const push = (a: number, b: number) => {
    while (a < b && /[ \t\n\r]/.test(text[a]!)) a++;
    while (b > a && /[ \t\n\r]/.test(text[b - 1]!)) b--;
    if (b > a) segments.push({ start: a, end: b });
  };
  let from = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    const at = m.index;
    let end = at + m[0].length;
    if (m[0] === '.') {
      const word = /[A-Za-z.]{1,6}$/.exec(text.slice(Math.max(0, at - 7), at))?.[0] ?? '';
      const whole = word.length > 0 && !/[A-Za-z.]/.test(text[at - word.length - 1] ?? ' ');
      if (whole && (word.length === 1 || ABBREV.has(word.toLowerCase()))) continue;
    }
    if (m[0].endsWith(')')) {
      if (!/[ \t]/.test(text[at - 1] ?? '')) continue;
      end = at;
    }
    push(from, end);
    from = end;
  }
  push(from, text.length);
  const withDose = new Set<number>();
  const all = new RegExp(DOSE.source, 'gi');
  for (let m = all.exec(text); m; m = all.exec(text)) withDose.add(segmentIndexAt(segments, m.index));
  return { segments, withDose };
}

/** Pieces that make boundaries, step numbers and doses touch each other in every way. */
const PIECES = ['1', '12', '123', '0.5', '1,5', ' ', '\n', '\t', '\r', '.', '!', '?', ')', '(', '"', "'", ']', 'mg', 'MG', 'units', 'ml', ' mg', 'mmol/l', 'Take', 'take', 'e.g', 'Dr', 'MRS', 'approx', 'Tabs', 'etc', 'fig', 'x', 'abcdefg', '\u00b5g', '\u03bcg', '\u039cg', '\u00a0'];

describe('splitSegments', () => {
  it('splits as the exec() version does, and puts a dose in every segment a dose scan of its own finds one in', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const doses: number[] = [];
        const segments = splitSegments(text, undefined, doses);
        const ref = reference(text);
        expect(segments).toEqual(ref.segments);
        expect(splitSegments(text)).toEqual(ref.segments);
        expect(new Set(doses.map((d) => segmentIndexAt(segments, d)))).toEqual(ref.withDose);
        expect(doses).toEqual([...doses].sort((a, b) => a - b));
      }),
      { numRuns: 8000 },
    );
  });
  it('does not end a sentence at an abbreviation or a single letter, in any case', () => {
    for (const w of ['e.g', 'i.e', 'Dr', 'MR', 'Mrs', 'ms', 'VS', 'etc', 'Approx', 'st', 'Fig', 'tab', 'TABS', 'x']) {
      const t = `Ask ${w}. Smith about it now. Then rest.`;
      expect(splitSegments(t).map((s) => t.slice(s.start, s.end)), w).toEqual([`Ask ${w}. Smith about it now.`, 'Then rest.']);
    }
    expect(splitSegments('Ask Drs. Smith now.').length).toBe(2);
  });
  it('keeps a line break that a dose spans as a boundary, and a step number only before a capital', () => {
    const t = 'Take 1.5 mg now.\n2) Then 5\nmg later. 3) take 10 units, 4)eat';
    const doses: number[] = [];
    expect(splitSegments(t, undefined, doses).map((s) => t.slice(s.start, s.end))).toEqual(['Take 1.5 mg now.', '2) Then 5', 'mg later.', '3) take 10 units, 4)eat']);
    expect(doses.map((d) => t[d])).toEqual(['g', '5', 's']);
  });
});

describe('SegmentSet', () => {
  it('holds indices from -1 to the last segment, each counted once', () => {
    const s = new SegmentSet(3);
    for (const i of [2, -1, 2, 0]) s.add(i);
    expect([-1, 0, 1, 2].map((i) => s.has(i))).toEqual([true, true, false, true]);
    expect(s.size).toBe(3);
  });
  it('agrees with a Set at every size, word edges included, and ignores indices past the end', () => {
    fc.assert(
      fc.property(fc.nat(700), fc.array(fc.integer({ min: -1, max: 760 }), { maxLength: 80 }), (n, adds) => {
        const s = new SegmentSet(n);
        const ref = new Set<number>();
        for (const i of adds) {
          s.add(i);
          if (i < n) ref.add(i);
        }
        expect(s.size).toBe(ref.size);
        for (let i = -1; i < n + 40; i++) expect(s.has(i), String(i)).toBe(ref.has(i));
      }),
      { numRuns: 300 },
    );
  });
});
