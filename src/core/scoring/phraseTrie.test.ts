import { describe, expect, it } from 'vitest';
import { trieSource } from './phraseTrie';

describe('trieSource', () => {
  // One phrase per character with a meaning in a regex ("(" and ")" apart, as "(a|b)" is an alternation).
  const literal = ['a.b', 'c*d', 'e+f', 'g?h', 'i^j', 'k$l', 'm{2}', 'n|o', 'p[q]', 'r\\s', 's/t', 'u(v', 'w)x'];

  it('matches regex syntax in a phrase as the characters it is', () => {
    const re = new RegExp(`^(?:${trieSource(literal)})$`, 'i');
    for (const p of literal) expect(re.test(p), p).toBe(true);
    for (const other of ['axb', 'cd', 'ccd', 'eef', 'gh', 'mm', 'n', 'o', 'pq', 'r ', 'st', 'uv', 'wx']) expect(re.test(other), other).toBe(false);
  });

  it('lets a space stand for whitespace or hyphens and a number touch its unit', () => {
    const re = new RegExp(`^(?:${trieSource(['over the counter', '300 mg'])})$`, 'i');
    for (const s of ['over the counter', 'over-the-counter', 'Over  the\ncounter', '300 mg', '300mg']) expect(re.test(s), s).toBe(true);
  });
});
