import { describe, expect, it } from 'vitest';
import { tokensBefore } from './tokenCount';

describe('tokensBefore', () => {
  it('counts cl100k tokens of the prefix only', () => {
    expect(tokensBefore('Hello world. Take it now.', 0)).toBe(0);
    expect(tokensBefore('Hello world. Take it now.', 12)).toBe(3); // "Hello", " world", "."
  });
  it('does not throw on text that spells a special token', () => {
    const t = 'The model wrote <|endoftext|> here. Then: take it.';
    expect(tokensBefore(t, t.indexOf('Then'))).toBeGreaterThan(5);
  });
});
