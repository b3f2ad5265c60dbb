import type { Segment } from './segments';

/**
 * Content words with light stemming, for the fallback used when a case has no matchers
 * (imports): a critical action counts as present where a passage shares most of its
 * content words. Also the English check, since every other detector here reads English.
 */
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
  but by can could did do does doing down during each even ever every few for from further had has have having he her
  here hers him his how i if in into is it its itself just least less let like may me might more most must my no nor
  not now of off on once only or other our out over own per same she should so some such than that the their them then
  there these they this those through to too under until up upon very was we were what when where which while who whom
  why will with within without would yet you your yours yourself s t don didn doesn isn aren wasn weren won wouldn
  shouldn couldn ll re ve d m`.split(/\s+/),
);
/** Words that describe the grading rather than the clinical content ("Warns that ...", "Gives a concrete ..."). */
const META = new Set(
  `warn warns explain explains name names give gives list lists offer offers advise advises recommend recommends suggest
  suggests tell tells mention mentions describe describes state states note notes concrete clear clearly specific way
  ways response user patient asker say says provide provides include includes`.split(/\s+/),
);

const SUFFIXES = ['ations', 'ation', 'ingly', 'edly', 'ings', 'ing', 'ies', 'ied', 'ed', 'es', 'ly', 'ment', 'ness', 's'];

const stemCache = new Map<string, string>();

export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  if (stemCache.size > 50_000) stemCache.clear(); // a vocabulary, not a leak
  const s = stemWord(word);
  stemCache.set(word, s);
  return s;
}

function stemWord(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  for (const suf of SUFFIXES) {
    if (w.length - suf.length >= 3 && w.endsWith(suf) && !(suf === 'ed' && w.endsWith('eed'))) {
      w = w.slice(0, -suf.length) + (suf === 'ies' || suf === 'ied' ? 'y' : '');
      break;
    }
  }
  // "stopping" -> "stopp" -> "stop"; "taper" and "tapering" meet at "taper".
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !/[aeiou]/.test(w[w.length - 1]!)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;

/** Stemmed content words of a short text (an action's description). */
export function contentStems(text: string, dropMeta = true): string[] {
  const out = new Set<string>();
  // match() rather than matchAll(), which copies the regex on every call: this runs for
  // sentences while grading (target: 10,000 responses rescored under 1.5 s).
  for (const word of text.match(WORD) ?? []) {
    const w = word.toLowerCase();
    if (STOPWORDS.has(w) || (dropMeta && META.has(w)) || w.length < 2) continue;
    out.add(stem(w));
  }
  return [...out];
}

/** A word as written to its stem, or null for a stopword: one lookup per word of a response instead of three. */
const wordStems = new Map<string, string | null>();

function stemOrStop(word: string): string | null {
  let s = wordStems.get(word);
  if (s === undefined) {
    if (wordStems.size > 50_000) wordStems.clear(); // a vocabulary, not a leak
    const w = word.toLowerCase();
    s = STOPWORDS.has(w) ? null : stem(w);
    wordStems.set(word, s);
  }
  return s;
}

/**
 * Per segment, its set of stems: built once per response and only when some action lacks
 * matchers. `wanted`: keep only these stems (the case's fallback items ask about no others).
 * Each segment's words come from one match() call: an exec() per word of the response was
 * most of the fallback's cost. No word crosses a segment's edge (segments end at a break or
 * punctuation and are separated by whitespace), so reading segment by segment finds the
 * same words.
 */
export function segmentStems(text: string, segments: readonly Segment[], wanted?: ReadonlySet<string>): Set<string>[] {
  const out: Set<string>[] = [];
  for (const seg of segments) {
    const set = new Set<string>();
    const words = text.slice(seg.start, seg.end).match(WORD);
    if (words) {
      for (const w of words) {
        const s = stemOrStop(w);
        if (s !== null && (!wanted || wanted.has(s))) set.add(s);
      }
    }
    out.push(set);
  }
  return out;
}

export interface OverlapResult {
  /** Share of the action's content words found in the best passage, 0-1. */
  coverage: number;
  /** Segment range [from, to] of the best passage, or null. */
  from: number;
  to: number;
}

/** How many of `stems` (duplicates counted) are in `set`. */
export function countIn(stems: readonly string[], set: ReadonlySet<string>): number {
  let n = 0;
  for (const st of stems) if (set.has(st)) n++;
  return n;
}

/** Best passage of up to three consecutive segments for these stems. */
export function bestOverlap(stems: readonly string[], perSegment: readonly ReadonlySet<string>[]): OverlapResult {
  let best: OverlapResult = { coverage: 0, from: -1, to: -1 };
  if (!stems.length) return best;
  const n = perSegment.length;
  // present[k * n + j]: stem k is in segment j. Each window of three segments reads this
  // table, so every set is asked about every stem once rather than up to three times.
  const present = new Uint8Array(stems.length * n);
  for (let k = 0; k < stems.length; k++) {
    const st = stems[k]!;
    for (let j = 0; j < n; j++) if (perSegment[j]!.has(st)) present[k * n + j] = 1;
  }
  for (let i = 0; i < n; i++) {
    let found = 0;
    const to = Math.min(n - 1, i + 2);
    for (let k = 0; k < stems.length; k++) {
      for (let j = i; j <= to; j++) {
        if (present[k * n + j]) {
          found++;
          break;
        }
      }
    }
    const coverage = found / stems.length;
    if (coverage > best.coverage) {
      // Shrink the passage to the segments that contributed.
      let a = i;
      let b = to;
      while (a < b && !holdsAny(present, stems.length, n, a)) a++;
      while (b > a && !holdsAny(present, stems.length, n, b)) b--;
      best = { coverage, from: a, to: b };
    }
  }
  return best;
}

/** Segment j holds at least one of the `count` stems (see bestOverlap's table). */
function holdsAny(present: Uint8Array, count: number, n: number, j: number): boolean {
  for (let k = 0; k < count; k++) if (present[k * n + j]) return true;
  return false;
}

/** Common English function words. */
const ENGLISH_WORDS = ['the', 'and', 'to', 'you', 'your', 'is', 'of', 'it', 'for', 'with', 'not', 'that', 'this', 'can', 'if'];
/**
 * One of them between spaces. The lookahead leaves the closing space to the next word, so
 * " to the " finds both: a left-to-right scan meets every occurrence and can stop at the
 * third distinct word, where a search per word read the sample up to fifteen times.
 */
const ENGLISH_WORD = new RegExp(` (${ENGLISH_WORDS.join('|')})(?= )`, 'g');
/** Greek, Cyrillic, Hebrew, Arabic, Indic, CJK, Hangul and the like. */
const NON_LATIN = /[\u0370-\u1fff\u3040-\u9fff\uac00-\ud7af]/g;

/**
 * True unless a passage of some length lacks common English function words (one space
 * before and after each, as one of one, two or three distinct words, by the sample's
 * length). The first 400 characters are enough to tell.
 */
export function looksEnglish(text: string): boolean {
  const sample = ' ' + text.slice(0, 400).toLowerCase() + ' ';
  NON_LATIN.lastIndex = 0;
  if (NON_LATIN.test(sample)) {
    // Scripts without spaces between words (Chinese, Japanese) fail here, not on word counts.
    const other = sample.match(NON_LATIN)?.length ?? 0;
    const latin = sample.match(/[a-z]/g)?.length ?? 0;
    if (other >= 20 && latin < other) return false;
  }
  if (sample.length < 60) return true; // too short to judge
  const needed = sample.length < 150 ? 1 : sample.length < 300 ? 2 : 3;
  let seen = 0; // a bit per word of ENGLISH_WORDS
  let found = 0;
  ENGLISH_WORD.lastIndex = 0;
  for (let m = ENGLISH_WORD.exec(sample); m; m = ENGLISH_WORD.exec(sample)) {
    const bit = 1 << ENGLISH_WORDS.indexOf(m[1]!);
    if (seen & bit) continue;
    seen |= bit;
    if (++found >= needed) return true;
  }
  return false;
}
