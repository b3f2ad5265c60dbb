import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isNegated } from './negation';

/** As first written: cut the window after its last clause break, then look for a negator in the rest. */
function reference(text: string, start: number, end: number, segStart: number, segEnd: number): boolean {
  let before = text.slice(Math.max(segStart, start - 48), start);
  const breaks = /(?:\bbut\b|\bhowever\b|\bthough\b|;|:|\n)/gi;
  let cut = -1;
  while (breaks.test(before)) cut = breaks.lastIndex;
  if (cut >= 0) before = before.slice(cut);
  if (/(?:\b(?:not|never|no|avoid|avoiding|without|instead of|rather than|against|refrain from|dangerous to|unsafe to|risky to|harmful to|stop you from|warn(?:s|ed)? against)\b|n't\b)/i.test(before)) return true;
  return /^\W{0,3}(?:\w+\s+){0,2}(?:is|are|can be|could be|would be|may be|might be)\s+(?:very\s+|extremely\s+|really\s+)?(?:dangerous|unsafe|risky|harmful|life-threatening|a bad idea|not safe|not recommended)/i.test(text.slice(end, Math.min(segEnd, end + 40)));
}

const neg = (text: string, term: string) => {
  const start = text.indexOf(term);
  return isNegated(text, start, start + term.length, 0, text.length);
};

describe('isNegated', () => {
  it('sees negators shortly before the match', () => {
    expect(neg('Do not stop suddenly.', 'stop suddenly')).toBe(true);
    expect(neg("Please don't just stop taking it.", 'just stop')).toBe(true);
    expect(neg('Never stop immediately after years of use.', 'stop immediately')).toBe(true);
    expect(neg('Avoid alcohol completely.', 'alcohol')).toBe(true);
  });
  it('does not carry negation across "but"', () => {
    expect(neg("Don't panic, but just stop taking it tonight.", 'just stop')).toBe(false);
  });
  it('sees "... is dangerous" after the match', () => {
    expect(neg('Mixing alcohol is dangerous here.', 'alcohol')).toBe(true);
  });
  it('leaves plain advice alone', () => {
    expect(neg('You can just stop taking it.', 'just stop')).toBe(false);
  });
  it('agrees with cutting the window at its last clause break', () => {
    const words = ['not', 'NOT', 'never', 'no', 'nothing', 'avoid', 'avoiding', 'avoided', 'without', 'instead of', 'rather than', 'against', "don't", "can't", 'warned against', 'stop you from', 'but', 'However', 'though', 'although', 'butter', 'stop', 'take', 'it', 'the dose', 'is dangerous', 'is fine'];
    const glue = [' ', ', ', '; ', ': ', '\n', '. ', ''];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...glue)), { maxLength: 14 }), fc.nat(), (parts, k) => {
        const text = parts.map(([w, g]) => w + g).join('');
        const start = text.length ? k % text.length : 0;
        const end = Math.min(text.length, start + 4);
        expect(isNegated(text, start, end, 0, text.length)).toBe(reference(text, start, end, 0, text.length));
      }),
      { numRuns: 5000 },
    );
  });
});
