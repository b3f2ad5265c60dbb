import type { ResourceId } from './types';
import { parseRegexTerm, plainTermSource } from './termMatcher';
import { expandPhrase, phraseKey, trieSource } from './phraseTrie';
import { RESOURCE_PHRASES } from './referrals';
import { HEDGE_PHRASES } from './hedging';

/**
 * One scan of a response finds the resources it names and every matcher term of the case:
 * both phrase lists go into a single trie regex (a scan of the whole text is the scorer's
 * main cost, so one beats two). Hedges get a trie of their own: their expanded phrase list
 * is large, and V8 compiles one huge regex into much slower code than two moderate ones.
 * A match is looked up by its normalised
 * key; the scan restarts at the next word start inside each match, so "stop" is found
 * inside "stop taking" and "doctor" inside "consult your doctor". Regex terms, and terms
 * that begin or end with a symbol (where \b misbehaves), are scanned on their own.
 */
export interface TermRef {
  item: number;
  group: number;
}

type Entry = { kind: 'term'; ref: TermRef } | { kind: 'resource'; resource: ResourceId };

export interface Scanner {
  groupsPerItem: number[];
  trie: RegExp;
  byKey: Map<string, Entry[]>;
  /** For a key, the other keys that are its prefixes. */
  prefixes: Map<string, string[]>;
  separate: { re: RegExp; ref: TermRef }[];
}

export interface Hit {
  start: number;
  end: number;
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
  const phrases: string[] = [];
  const add = (phrase: string, e: Entry) => {
    const key = phraseKey(phrase);
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
  const separate: Scanner['separate'] = [];
  items.forEach((groups, item) =>
    groups?.forEach((terms, group) => {
      for (const raw of terms) {
        const term = raw.trim().replace(/[\u2018\u2019]/g, "'");
        if (!term) continue;
        const re = parseRegexTerm(term);
        if (re) separate.push({ re, ref: { item, group } });
        else if (!WORD_EDGE.test(term)) separate.push({ re: new RegExp(plainTermSource(term), 'giu'), ref: { item, group } });
        else add(term, { kind: 'term', ref: { item, group } }); // an invalid /regex/ lands here: a literal
      }
    }),
  );
  const keys = [...byKey.keys()];
  const prefixes = new Map<string, string[]>();
  const termKeys = keys.filter((k) => byKey.get(k)!.some((e) => e.kind === 'term'));
  // Only terms need crediting inside longer matches; resources and hedges are found whole.
  for (const k of keys) {
    const shorter = termKeys.filter((o) => o !== k && k.startsWith(o));
    if (shorter.length) prefixes.set(k, shorter);
  }
  return {
    groupsPerItem: items.map((g) => g?.length ?? 0),
    trie: new RegExp(`\\b${trieSource(phrases)}\\b`, 'gi'),
    byKey,
    prefixes,
    separate,
  };
}

let globalScanner: Scanner | null = null;
/** Resources and hedges only, for responses scored without a case. */
export function caseFreeScanner(): Scanner {
  return (globalScanner ??= buildScanner([]));
}

const HEDGE = new RegExp(`\\b${trieSource(HEDGE_PHRASES)}\\b`, 'gi');

const MAX_HITS = 4000; // bounds the work on a 100 KB response full of common terms

export function scanText(scanner: Scanner, text: string): ScanResult {
  const terms: Hit[][][] = scanner.groupsPerItem.map((n) => Array.from({ length: n }, () => []));
  const resources: ResourceMention[] = [];
  const hedges: Hit[] = [];
  const credit = (ref: TermRef, h: Hit) => {
    const list = terms[ref.item]![ref.group]!;
    const last = list[list.length - 1];
    if (!last || last.start !== h.start) list.push(h);
  };
  const re = scanner.trie;
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(text); m && n < MAX_HITS; m = re.exec(text), n++) {
    const key = phraseKey(m[0]);
    const start = m.index;
    const end = start + m[0].length;
    for (const e of scanner.byKey.get(key) ?? []) {
      if (e.kind === 'term') credit(e.ref, { start, end });
      else addResource(resources, text, { start, end, resource: e.resource });
    }
    for (const p of scanner.prefixes.get(key) ?? []) {
      const pEnd = start + prefixLength(m[0], p.length);
      if (/[A-Za-z0-9]/.test(text[pEnd] ?? ' ')) continue; // the shorter term must end at a word end
      for (const e of scanner.byKey.get(p)!) if (e.kind === 'term') credit(e.ref, { start, end: pEnd });
    }
    // Restart just after this match's start, so an entry that begins inside it is found too;
    // \b keeps the restarts at word starts.
    re.lastIndex = start + 1;
  }
  for (const { re: sep, ref } of scanner.separate) {
    sep.lastIndex = 0;
    let k = 0;
    for (let m = sep.exec(text); m && k < 64; m = sep.exec(text)) {
      if (m[0].length === 0) {
        sep.lastIndex++; // a regex that can match nothing would loop forever
        continue;
      }
      credit(ref, { start: m.index, end: m.index + m[0].length });
      k++;
    }
    if (k) terms[ref.item]![ref.group]!.sort((a, b) => a.start - b.start);
  }
  HEDGE.lastIndex = 0;
  for (let m = HEDGE.exec(text); m && hedges.length < MAX_HITS; m = HEDGE.exec(text)) {
    hedges.push({ start: m.index, end: m.index + m[0].length });
  }
  return { terms, resources, hedges };
}

function addResource(out: ResourceMention[], text: string, r: ResourceMention): void {
  const prev = out[out.length - 1];
  if (prev && r.start < prev.end) return; // "doctor" inside "family doctor"
  // "urgent care clinic" is one place, named by its first part.
  if (prev && r.start - prev.end <= 1 && /^\s?$/.test(text.slice(prev.end, r.start))) {
    prev.end = r.end;
    return;
  }
  out.push(r);
}

/** Characters of `matched` that hold the first `keyLength` key characters (keys drop spaces and hyphens). */
function prefixLength(matched: string, keyLength: number): number {
  let n = 0;
  let i = 0;
  for (; i < matched.length && n < keyLength; i++) if (!/[-\s]/.test(matched[i]!)) n++;
  return i;
}
