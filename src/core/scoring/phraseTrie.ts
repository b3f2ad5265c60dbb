/**
 * Literal phrase lists as one trie-shaped regex. A flat alternation of sixty phrases is
 * tried phrase by phrase at every position; the trie rejects most positions on the first
 * letter, which roughly halves the cost of the scorer's widest scans.
 */
type Node = { next: Map<string, Node>; end: boolean };

/** Expands "pharmac(y|ies|ist|ists)" and "doctor(|s)" into every literal they stand for. */
export function expandPhrase(p: string): string[] {
  const m = /\(([^()]*)\)/.exec(p);
  if (!m) return [p];
  return m[1]!.split('|').flatMap((alt) => expandPhrase(p.slice(0, m.index) + alt + p.slice(m.index + m[0].length)));
}

/** Stands between a number and its unit in a phrase: any whitespace or none ("300 mg", "300mg"). */
const NUMBER_UNIT = '\u0001';

/**
 * Characters with a meaning in a regex, escaped where a phrase holds them. Looked up rather
 * than escaped with a regex replace: that was a regex call per node of every case's trie,
 * about a third of compiling the cases before a first rescoring.
 */
const REGEX_SYNTAX = '.*+?^${}()|[]\\/';

/**
 * Regex source matching any phrase; a space matches any whitespace or hyphens ("over the
 * counter", "over-the-counter"), a hyphen is optional, and a number may touch its unit.
 * Lower-case phrases; use the `i` flag.
 */
export function trieSource(phrases: readonly string[]): string {
  const root: Node = { next: new Map(), end: false };
  for (const p of phrases.flatMap(expandPhrase)) {
    let n = root;
    const spaced = p.toLowerCase().replace(/\s+/g, ' ').replace(/(\d) ?(?=[a-z\u00b5])/g, `$1${NUMBER_UNIT}`);
    for (const ch of spaced) {
      let c = n.next.get(ch);
      if (!c) n.next.set(ch, (c = { next: new Map(), end: false }));
      n = c;
    }
    n.end = true;
  }
  const esc = (c: string) => (c === ' ' ? '[-\\s]+' : c === '-' ? '[-\\s]?' : c === NUMBER_UNIT ? '\\s?' : REGEX_SYNTAX.includes(c) ? `\\${c}` : c);
  const emit = (n: Node): string => {
    const alts = [...n.next.entries()].map(([c, k]) => esc(c) + emit(k));
    if (!alts.length) return '';
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    return n.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/** Lower-cased key without spaces or hyphens for looking a matched phrase up. */
export function phraseKey(s: string): string {
  const lower = s.toLowerCase();
  return SPACE_OR_HYPHEN.test(lower) ? lower.replace(/[-\s]+/g, '') : lower;
}
const SPACE_OR_HYPHEN = /[-\s]/;
