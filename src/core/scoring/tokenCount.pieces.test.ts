import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { tokensBefore } from './tokenCount';

/** countTokens as tokensBefore used to call it: special-token text counted as plain text. */
const reference = (t: string) => {
  try {
    return countTokens(t);
  } catch {
    return countTokens(t, { disallowedSpecial: new Set() });
  }
};

const texts = [
  'Hello world. Take it now.',
  "I'm sorry you're dealing with this; it's hard. We'll see, they've said, you'd know.",
  '  leading spaces,   runs of   spaces and trailing   ',
  'Lines\nand\r\nbreaks\n\n\nwith  \n  indents\t\ttabs\n',
  'Numbers 1 22 333 4444 55555 0.5mg 1,000 3/4 12:30 2024-01-01',
  '**Bold**, _em_, `code`, [link](http://x.y/z?a=1&b=2), <br/>, | a | b |, ### Heading',
  'The model wrote <|endoftext|> here, and <|fim_prefix|> there. Then: take it.',
  'Unicode: café naïve résumé Straße İstanbul ΑΒΓ αβγ Привет 你好世界 こんにちは 🙂👍🏽 — “quotes” ‘single’ …',
  'Mixed\u00a0no-break\u2009thin\u3000ideographic spaces',
  "Don't STOP suddenly!!! ... ?? !? (really) [sic] {x} \"quoted\" 'single'",
];

describe('tokensBefore (piece by piece)', () => {
  it.each(texts)('matches countTokens on %j', (t) => {
    expect(tokensBefore(t, t.length)).toBe(reference(t));
    for (const cut of [1, 7, Math.floor(t.length / 2), t.length - 1]) {
      if (cut > 0) expect(tokensBefore(t, cut)).toBe(reference(t.slice(0, cut)));
    }
  });
  it('matches countTokens on every prefix of a varied text', () => {
    const t = texts.join('\n');
    for (let cut = 1; cut <= t.length; cut += 3) expect(tokensBefore(t, cut)).toBe(reference(t.slice(0, cut)));
  });
});
