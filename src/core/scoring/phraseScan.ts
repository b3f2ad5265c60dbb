import type { ResourceId } from './types';
import { parseRegexTerm, plainTermSource } from './termMatcher';
import { expandPhrase, phraseKey, trieSource } from './phraseTrie';
import { termForms } from './termForms';
import { HEDGE_PHRASES, RESOURCE_PHRASES } from './lexicon';
import { segmentIndexAt, type Segment } from './segments';

/**
 * One scan of a response finds the resources it names, its hedges and every matcher term
 * of the case: all the phrase lists
 * go into a single trie regex (a scan of the whole text is the scorer's main cost, so one
 * beats several). A match is looked up by its normalised key; the scan restarts at the next
 * word start inside a match where an entry can begin there, so "stop" is found inside "stop
 * taking" and "doctor" inside "consult your doctor". Regex terms, and terms that begin or
 * end with a symbol (where \b misbehaves), are scanned on their own.
 */
export interface TermRef {
  item: number;
  group: number;
}

type Entry = { kind: 'term'; ref: TermRef } | { kind: 'resource'; resource: ResourceId } | { kind: 'hedge' };

export interface Scanner {
  groupsPerItem: number[];
  trie: RegExp;
  byKey: Map<string, Entry[]>;
  /** Spellings as they usually appear ("medical attention", "Doctor") to their key, so most matches skip building one. */
  surface: Map<string, string>;
  /** For a key, the other keys that are its prefixes. */
  prefixes: Map<string, string[]>;
  /** Keys inside whose matches another entry may begin (see innerStarts). */
  inner: Set<string>;
  /** Regex terms, each with text every match must contain (requiredLiteral), to skip texts without it. */
  separate: { re: RegExp; ref: TermRef; needles: string[] | null }[];
  /**
   * A matched text ("Doctor", "medical  attention") to everything the scan does with it,
   * so that each match costs one lookup rather than three (surface, byKey, prefixes).
   * Seeded with the surface forms; other spellings are added as they are met.
   */
  resolved: Map<string, Resolved>;
}

/**
 * What a match of one key credits: its entries split by kind (each kind writes its own
 * output, so the split keeps every result as the entries gave it), and the shorter term
 * keys that are its prefixes.
 */
interface Resolved {
  terms: TermRef[];
  resources: ResourceId[];
  hedge: boolean;
  /** Another entry may begin inside a match: the scan must read on from just after its start, not from its end. */
  inner: boolean;
  shorter: { keyLength: number; refs: TermRef[]; resources: ResourceId[] }[] | undefined;
}

const termRefs = (entries: readonly Entry[] | undefined): TermRef[] => (entries ?? []).flatMap((e) => (e.kind === 'term' ? [e.ref] : []));
const resourceIds = (entries: readonly Entry[] | undefined): ResourceId[] => (entries ?? []).flatMap((e) => (e.kind === 'resource' ? [e.resource] : []));

function resolveKey({ byKey, prefixes, inner }: Pick<Scanner, 'byKey' | 'prefixes' | 'inner'>, key: string): Resolved {
  const entries = byKey.get(key) ?? [];
  return {
    terms: termRefs(entries),
    resources: resourceIds(entries),
    hedge: entries.some((e) => e.kind === 'hedge'),
    inner: inner.has(key),
    shorter: prefixes.get(key)?.map((p) => ({ keyLength: p.length, refs: termRefs(byKey.get(p)), resources: resourceIds(byKey.get(p)) })),
  };
}

const MAX_RESOLVED = 20_000; // spellings cached per scanner; a vocabulary, not a leak

export interface Hit {
  start: number;
  end: number;
  /**
   * The segment holding `start` (segmentIndexAt of the segments scanText was given; -1
   * before the first, or when given none): the scan reads the text in order, so it keeps
   * count as it goes instead of a search per hit later.
   */
  segment: number;
}

export interface ResourceMention extends Hit {
  resource: ResourceId;
}

export interface ScanResult {
  /** terms[item][group]: matches in text order. */
  terms: Hit[][][];
  resources: ResourceMention[];
  hedges: Hit[];
}

const WORD_EDGE = /^[A-Za-z0-9](?:.*[A-Za-z0-9])?$/s;

/** `items`: per critical action or risk, its matcher groups (null: no matcher). */
export function buildScanner(items: readonly (readonly (readonly string[])[] | null)[]): Scanner {
  const byKey = new Map<string, Entry[]>();
  const surface = new Map<string, string>();
  const phrases: string[] = [];
  const spellings: [key: string, lower: string][] = [];
  const add = (phrase: string, e: Entry) => {
    const key = phraseKey(phrase);
    const lower = phrase.toLowerCase().replace(/\s+/g, ' ');
    spellings.push([key, lower]);
    for (const form of [lower, lower[0]!.toUpperCase() + lower.slice(1), key]) surface.set(form, key);
    const list = byKey.get(key);
    if (list) list.push(e);
    else {
      byKey.set(key, [e]);
      phrases.push(phrase);
    }
  };
  for (const [resource, list] of Object.entries(RESOURCE_PHRASES) as [ResourceId, string[]][]) {
    for (const p of list.flatMap(expandPhrase)) add(p, { kind: 'resource', resource });
  }
  for (const p of HEDGE_PHRASES.flatMap(expandPhrase)) add(p, { kind: 'hedge' });
  const separate: Scanner['separate'] = [];
  items.forEach((groups, item) =>
    groups?.forEach((terms, group) => {
      for (const raw of terms) {
        const term = raw.trim().replace(/[\u2018\u2019]/g, "'");
        if (!term) continue;
        const re = parseRegexTerm(term);
        const own = re ?? (WORD_EDGE.test(term) ? null : new RegExp(plainTermSource(term), 'giu'));
        if (own) separate.push({ re: own, ref: { item, group }, needles: requiredLiterals(own.source) });
        else for (const form of termForms(term)) add(form, { kind: 'term', ref: { item, group } }); // an invalid /regex/ lands here: a literal
      }
    }),
  );
  const keys = [...byKey.keys()];
  const prefixes = new Map<string, string[]>();
  // Terms are credited inside longer matches. So are resources inside a case's term that
  // extends their phrase ("999 back" over "999"), or the resource would be lost; inside a
  // longer resource ("family doctor") and for hedges, the longer match stands for them.
  const isTerm = (k: string) => byKey.get(k)!.some((e) => e.kind === 'term');
  const termKeys = keys.filter(isTerm);
  const termOrResourceKeys = keys.filter((k) => isTerm(k) || byKey.get(k)!.some((e) => e.kind === 'resource'));
  for (const k of keys) {
    const shorter = (isTerm(k) ? termOrResourceKeys : termKeys).filter((o) => o !== k && k.startsWith(o));
    if (shorter.length) prefixes.set(k, shorter);
  }
  const inner = innerStarts(keys, spellings);
  const resolvedByKey = new Map<string, Resolved>();
  const resolved = new Map<string, Resolved>();
  for (const [form, key] of surface) {
    let r = resolvedByKey.get(key);
    if (!r) resolvedByKey.set(key, (r = resolveKey({ byKey, prefixes, inner }, key)));
    resolved.set(form, r);
  }
  return {
    groupsPerItem: items.map((g) => g?.length ?? 0),
    trie: new RegExp(`\\b${trieSource(phrases)}\\b`, 'gi'),
    byKey,
    surface,
    prefixes,
    inner,
    separate,
    resolved,
  };
}

/**
 * The keys inside whose matches another entry may begin. The scan restarts just after each
 * match's start so that "encourage you to" is found inside "strongly encourage you to"; for
 * a match such as "doctor" or "medical supervision", where no entry can begin at any word
 * start inside it, it reads on from the match's end instead and skips re-reading the match.
 *
 * An entry can begin at a word start inside a match only if its key and the rest of the
 * match's key from there agree as far as both go (one is a prefix of the other): keys keep
 * every letter and digit, and a text position the trie matches from must spell the entry's
 * letters in order. Word starts inside a matched text come after a space, a hyphen or
 * another symbol of the spelling (the trie allows whitespace for a hyphen, never the
 * reverse), so every spelling of a key is looked at.
 */
function innerStarts(keys: readonly string[], spellings: readonly [string, string][]): Set<string> {
  const keySet = new Set(keys);
  const keyPrefixes = new Set<string>();
  for (const k of keys) for (let i = 1; i <= k.length; i++) keyPrefixes.add(k.slice(0, i));
  const out = new Set<string>();
  for (const [key, lower] of spellings) {
    if (out.has(key)) continue;
    for (let i = 1; i < lower.length; i++) {
      if (!isWordChar(lower.charCodeAt(i)) || isWordChar(lower.charCodeAt(i - 1))) continue;
      const rest = phraseKey(lower.slice(i));
      let agrees = keyPrefixes.has(rest); // an entry that starts with the rest (and may run past the match)
      for (let n = 1; n < rest.length && !agrees; n++) agrees = keySet.has(rest.slice(0, n)); // one that ends inside it
      if (agrees) {
        out.add(key);
        break;
      }
    }
  }
  return out;
}

let globalScanner: Scanner | null = null;
/** Resources and hedges only, for responses scored without a case. */
export function caseFreeScanner(): Scanner {
  return (globalScanner ??= buildScanner([]));
}

const MAX_HITS = 4000; // bounds the work on a 100 KB response full of common terms

/** A group with no hits yet: shared, never written (credit gives a group its own list at its first hit). */
const NO_HITS: Hit[] = Object.freeze([]) as unknown as Hit[];

export function scanText(scanner: Scanner, text: string, segments: readonly Segment[] = []): ScanResult {
  const terms: Hit[][][] = [];
  for (const n of scanner.groupsPerItem) {
    const groups: Hit[][] = [];
    for (let g = 0; g < n; g++) groups.push(NO_HITS);
    terms.push(groups);
  }
  const resources: ResourceMention[] = [];
  const hedges: Hit[] = [];
  const re = scanner.trie;
  re.lastIndex = 0;
  let n = 0;
  let seg = -1; // segmentIndexAt(segments, start): match starts only grow
  for (let m = re.exec(text); m && n < MAX_HITS; m = re.exec(text), n++) {
    const matched = m[0];
    let r = scanner.resolved.get(matched);
    if (!r) {
      r = resolveKey(scanner, scanner.surface.get(matched) ?? phraseKey(matched));
      if (scanner.resolved.size < MAX_RESOLVED) scanner.resolved.set(matched, r);
    }
    const start = m.index;
    const end = start + matched.length;
    while (seg + 1 < segments.length && segments[seg + 1]!.start <= start) seg++;
    for (const ref of r.terms) credit(terms, ref, start, end, seg);
    for (const resource of r.resources) addResource(resources, text, start, end, seg, resource);
    if (r.hedge && (!hedges.length || hedges[hedges.length - 1]!.end <= start)) hedges.push({ start, end, segment: seg });
    if (r.shorter) {
      for (const p of r.shorter) {
        const pEnd = start + prefixLength(matched, p.keyLength);
        if (isWordChar(text.charCodeAt(pEnd))) continue; // the shorter term must end at a word end
        for (const ref of p.refs) credit(terms, ref, start, pEnd, seg);
        for (const resource of p.resources) addResource(resources, text, start, pEnd, seg, resource);
      }
    }
    // Restart just after this match's start, so an entry that begins inside it is found too
    // (\b keeps the restarts at word starts), unless none can (innerStarts).
    re.lastIndex = r.inner ? start + 1 : end;
  }
  let lower: string | null = null;
  for (const { re: sep, ref, needles } of scanner.separate) {
    if (needles !== null && !needles.some((n) => (lower ??= searchable(text)).includes(n))) continue;
    sep.lastIndex = 0;
    let k = 0;
    for (let m = sep.exec(text); m && k < 64; m = sep.exec(text)) {
      if (m[0].length === 0) {
        sep.lastIndex++; // a regex that can match nothing would loop forever
        continue;
      }
      credit(terms, ref, m.index, m.index + m[0].length, segmentIndexAt(segments, m.index));
      k++;
    }
    if (k) terms[ref.item]![ref.group]!.sort((a, b) => a.start - b.start);
  }
  return { terms, resources, hedges };
}

/**
 * Plain texts one of which every match of a regex must contain, lower-cased (each at least
 * MIN_NEEDLE characters), or null: a scan skips the regex on a text with none of them. Regex
 * terms are scanned on their own over the whole text, about 6% of rescoring before this check
 * and again once cases gained many regexes of alternatives (target: 10,000 responses under
 * 1.5 s, bench/localScorer.bench.ts). Read conservatively, per top-level alternative: the
 * longest run of letters, digits and spaces outside any group or class that no quantifier
 * makes optional, or the needles of a group every match passes through (not optional, not a
 * lookaround), whichever has the longer shortest needle; none when some alternative has
 * neither.
 */
export function requiredLiterals(source: string): string[] | null {
  const out = new Set<string>();
  for (const branch of topAlternatives(source)) {
    const needles = branchNeedles(branch);
    if (!needles) return null;
    for (const n of needles) out.add(n);
  }
  return [...out];
}

/** `source` split at the alternatives of its top level. */
function topAlternatives(source: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') i = escapeEnd(source, i);
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') i = groupEnd(source, i);
    else if (c === '|') {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

function branchNeedles(source: string): string[] | null {
  let best = '';
  let run = '';
  let group: string[] | null = null;
  const close = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      close();
      i = escapeEnd(source, i);
    } else if (c === '[') {
      close();
      i = classEnd(source, i);
    } else if (c === '(') {
      close();
      const end = groupEnd(source, i);
      const inner = source.slice(i + 1, end);
      const after = source.slice(end + 1, end + 4);
      const optional = after[0] === '?' || after[0] === '*' || /^\{0[,}]/.test(after);
      if (!optional && !/^\?<?[=!]/.test(inner)) {
        const needles = requiredLiterals(inner.replace(/^\?(?::|<[A-Za-z_]\w*>)/, ''));
        if (needles && (!group || shortest(needles) > shortest(group))) group = needles;
      }
      i = end;
    } else if (c === '?' || c === '*' || c === '{') {
      run = run.slice(0, -1); // the character before is optional
      if (c === '{') i = Math.max(i, source.indexOf('}', i));
      close();
    } else if (/^[A-Za-z0-9 ]$/.test(c)) {
      run += c.toLowerCase();
      continue;
    } else close();
  }
  close();
  const literal = best.length >= MIN_NEEDLE ? [best] : null;
  // A group's needles are each at least MIN_NEEDLE long already: they come from this function.
  return group && (!literal || shortest(group) > best.length) ? group : literal;
}

const shortest = (needles: readonly string[]) => Math.min(...needles.map((n) => n.length));

/** The index of the `]` closing the class that opens at `i`. */
function classEnd(source: string, i: number): number {
  for (let j = i + 1; j < source.length; j++) {
    if (source[j] === '\\') j = escapeEnd(source, j);
    else if (source[j] === ']' && j > i + 1) return j;
  }
  return source.length - 1;
}

/** The index of the `)` closing the group that opens at `i`. */
function groupEnd(source: string, i: number): number {
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    const c = source[j]!;
    if (c === '\\') j = escapeEnd(source, j);
    else if (c === '[') j = classEnd(source, j);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return source.length - 1;
}
const MIN_NEEDLE = 3;

/** The last index of the escape starting at `i` (a backslash): \p{L}, \u{1F600}, \u0041, \x41, \cJ, \k<name>, \12, \b. */
function escapeEnd(source: string, i: number): number {
  const next = source[i + 1];
  const to = (close: string) => Math.max(i + 1, source.indexOf(close, i));
  if ((next === 'p' || next === 'P' || next === 'u') && source[i + 2] === '{') return to('}');
  if (next === 'u') return i + 5;
  if (next === 'x') return i + 3;
  if (next === 'c') return i + 2;
  if (next === 'k') return to('>');
  let j = i + 1;
  while (j + 1 < source.length && /\d/.test(next ?? '') && /\d/.test(source[j + 1]!)) j++;
  return j;
}

/** The text lower-cased for requiredLiterals' needles; "ſ" folds to "s" under a regex's /iu, so here too. */
function searchable(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('\u017f') ? lower.replace(/\u017f/g, 's') : lower;
}

function credit(terms: Hit[][][], ref: TermRef, start: number, end: number, segment: number): void {
  const groups = terms[ref.item]!;
  let list = groups[ref.group]!;
  if (list === NO_HITS) groups[ref.group] = list = [];
  const last = list[list.length - 1];
  if (!last || last.start !== start) list.push({ start, end, segment });
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function addResource(out: ResourceMention[], text: string, start: number, end: number, segment: number, resource: ResourceId): void {
  const prev = out[out.length - 1];
  if (prev && start < prev.end) return; // "doctor" inside "family doctor"
  // "urgent care clinic" is one place, named by its first part.
  if (prev && (start === prev.end || (start === prev.end + 1 && /\s/.test(text[prev.end]!)))) {
    prev.end = end;
    return;
  }
  out.push({ start, end, segment, resource });
}

/** Characters of `matched` that hold the first `keyLength` key characters (keys drop spaces and hyphens). */
function prefixLength(matched: string, keyLength: number): number {
  let n = 0;
  let i = 0;
  for (; i < matched.length && n < keyLength; i++) {
    const c = matched.charCodeAt(i);
    if (c !== 45 && c !== 32 && c !== 9 && c !== 10 && c !== 13) n++;
  }
  return i;
}
