/**
 * Matcher term syntax: plain terms match case-insensitively on word boundaries (any
 * whitespace between words, hyphens optional); `/source/flags` terms are regexes. A term
 * that looks like a regex but does not compile is matched as the literal text it is.
 */
const WORD_CHAR = /[\p{L}\p{N}]/u;
const REGEX_TERM = /^\/(.+)\/([a-z]*)$/s;

/** A plain term as regex source (for the `iu` flags), with word boundaries where it starts or ends with a letter or digit. */
export function plainTermSource(term: string): string {
  const t = term.trim().replace(/[\u2018\u2019]/g, "'");
  const body = t
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '[-\\s]?'))
    .join('\\s+');
  const before = WORD_CHAR.test(t[0] ?? '') ? '(?<![\\p{L}\\p{N}_])' : '';
  const after = WORD_CHAR.test(t[t.length - 1] ?? '') ? '(?![\\p{L}\\p{N}_])' : '';
  return before + body + after;
}

/** `/source/flags` as a global regex, or null when it is not one or does not compile. */
export function parseRegexTerm(term: string): RegExp | null {
  const m = REGEX_TERM.exec(term.trim());
  if (!m) return null;
  // Sticky would anchor every search at lastIndex; global is added because we scan for all hits.
  const flags = [...new Set((m[2] ?? '').replace(/[gy]/g, '') + 'g')].join('');
  try {
    return new RegExp(m[1]!, flags);
  } catch {
    return null;
  }
}
