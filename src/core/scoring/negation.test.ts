import { describe, expect, it } from 'vitest';
import { isNegated } from './negation';

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
});
