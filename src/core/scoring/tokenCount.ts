import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/**
 * Tokens before an offset, with cl100k_base: half the size of o200k_base (1.2 MB against
 * 2.4 MB of ranks) and close enough for a "how far in" measure. Only the prefix is encoded,
 * so a response whose first instruction comes early costs little however long it is.
 */
export function tokensBefore(text: string, offset: number): number {
  if (offset <= 0) return 0;
  const prefix = text.slice(0, offset);
  try {
    return countTokens(prefix);
  } catch {
    // countTokens refuses text containing a special token such as "<|endoftext|>"; a model
    // that writes one wrote plain text, so count it as such (slower, hence not the default).
    return countTokens(prefix, { disallowedSpecial: new Set() });
  }
}
