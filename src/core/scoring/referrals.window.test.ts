import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLAUSE_BREAK, verbBefore } from './referrals';
import { REFERRAL_VERBS } from './lexicon';
import { expandPhrase, trieSource } from './phraseTrie';

/** As first written: cut the window after its last clause break, then find the first verb in the rest. */
function reference(window: string): number {
  const breaks = new RegExp(CLAUSE_BREAK, 'gi');
  let cut = 0;
  while (breaks.test(window)) cut = breaks.lastIndex;
  const at = window.slice(cut).search(new RegExp(`\\b(?:${trieSource(REFERRAL_VERBS)})\\b`, 'i'));
  return at < 0 ? -1 : cut + at;
}

describe('verbBefore', () => {
  const verbs = REFERRAL_VERBS.flatMap(expandPhrase);
  const words = [...verbs, ...verbs.map((v) => v.toUpperCase()), 'so', 'that', 'which', 'because', 'While', 'when', 'where', 'who', 'BUT', 'also', 'sober', 'thatch', 'your', 'the', 'a', 'under', 'understand', 'user'];
  const glue = [' ', '  ', ', ', '; ', ': ', ' (', ') ', '\n', '-', ''];
  it('finds the first verb after the last clause break, as cutting the window there does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...glue)), { maxLength: 12 }), (parts) => {
        const window = parts.map(([w, g]) => w + g).join('');
        expect(verbBefore(window)).toBe(reference(window));
      }),
      { numRuns: 4000 },
    );
  });
  it('skips a verb before a break', () => {
    expect(verbBefore('Take the packaging so the ')).toBe(-1);
    expect(verbBefore('Then call your ')).toBe(5);
  });
});
