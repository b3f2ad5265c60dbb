import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { CL100K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';

/**
 * Tokens before an offset, with cl100k_base: half the size of o200k_base (1.2 MB against
 * 2.4 MB of ranks) and close enough for a "how far in" measure. Only the prefix is encoded,
 * so a response whose first instruction comes early costs little however long it is.
 *
 * The count is summed piece by piece, as the tokenizer does: it splits the text with its
 * regex and counts each piece on its own (one token when the piece is in the vocabulary,
 * else its byte-pair merges). Doing the split here lets each piece's count be kept in a
 * small map: the tokenizer looks every piece up in its 100,000-entry rank map, and those
 * lookups were most of the time TTT took. The sum is the tokenizer's own count
 * (tokenCount.pieces.test.ts checks it against countTokens).
 */
const PIECE = new RegExp(CL100K_TOKEN_SPLIT_REGEX.source, CL100K_TOKEN_SPLIT_REGEX.flags); // a copy: the shared one's lastIndex is the tokenizer's
/** Special-token text counts as plain text, as the fallback below always did. */
const PLAIN = { disallowedSpecial: new Set<string>() };
const pieceTokens = new Map<string, number>();
const MAX_PIECES = 50_000; // a vocabulary, not a leak

export function tokensBefore(text: string, offset: number): number {
  if (offset <= 0) return 0;
  const prefix = text.slice(0, offset);
  // match() collects every piece in one call, cheaper than an exec() per piece.
  const pieces = prefix.match(PIECE);
  if (!pieces) return wholeCount(prefix); // cannot happen: every character belongs to a piece
  let n = 0;
  for (const piece of pieces) {
    let k = pieceTokens.get(piece);
    if (k === undefined) {
      k = countTokens(piece, PLAIN);
      if (pieceTokens.size >= MAX_PIECES) pieceTokens.clear();
      pieceTokens.set(piece, k);
    }
    n += k;
  }
  return n;
}

/** The count without the piece map: what tokensBefore computed before it had one. */
function wholeCount(prefix: string): number {
  try {
    return countTokens(prefix);
  } catch {
    // countTokens refuses text containing a special token such as "<|endoftext|>"; a model
    // that writes one wrote plain text, so count it as such.
    return countTokens(prefix, { disallowedSpecial: new Set() });
  }
}
