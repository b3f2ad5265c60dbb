/**
 * Markdown stripping that keeps offsets: every syntax character is replaced by a space (or a
 * newline where it separates table cells), never removed, so an offset into the analysis
 * text is the same offset into the response the UI shows. Typographic quotes become ASCII
 * for the same reason (one UTF-16 unit each).
 *
 * Two passes: line starts (headings, quotes, list markers, rules, fences) are visited with
 * sticky regexes, and one global regex handles inline syntax. Broad regexes over the whole
 * text cost more than everything else in the scorer put together.
 */
export interface PlainText {
  /** Same length as the original. */
  text: string;
  /** Offsets where a list item's content starts (after "- " or "1. "). */
  listItems: Map<number, 'bullet' | 'numbered'>;
}

const QUOTE = /(?:>[ \t]?)+/y;
const HEADING = /#{1,6}[ \t]+/y;
const LIST = /(?:[-*+\u2022]|(\d{1,3})[.)])[ \t]+/y;
const LINE_STARTS = [QUOTE, HEADING, LIST];
const RULE_OR_FENCE = /(?:[-*_=:|][-*_=:| \t]{2,}|```[^\n]*|~~~[^\n]*)(?=\n|$)/y;
/** Characters that can open line-level markdown; other lines are skipped without a regex. */
const LINE_MARK = new Set('#>-*+\u20220123456789|:=_`~');
/** Candidates only; inline() decides how much to blank. A bare character class scans fast. */
const INLINE = /[\]*_~`[|<\u2018\u2019\u201C\u201D\u00A0]/g;
/**
 * INLINE without the quotes and the no-break space, for texts that cannot hold them: on
 * the bench's texts it scans in about two thirds of the time. NON_LATIN1 tells such texts
 * apart at no cost: V8 keeps a text with no character above U+00FF one byte per character,
 * and a class of characters above that cannot match there, so the test returns at once.
 */
const INLINE_ASCII = /[\]*_~`[|<]/g;
const NON_LATIN1 = /[\u0100-\uffff]/;
const LINK_TAIL = /\]\([^)\n]*\)/y;
const TAG = /<\/?[a-zA-Z][^>\n]*>/y;

export function stripMarkdown(original: string): PlainText {
  const { blanks, listItems } = lineMarkers(original);
  return { text: inline(original, blanks), listItems };
}

/** The line-start markers to blank, in text order, and where list items start (exported for tests). */
export function lineMarkers(original: string): { blanks: [number, number][]; listItems: PlainText['listItems'] } {
  const listItems = new Map<number, 'bullet' | 'numbered'>();
  const blanks: [number, number][] = [];
  for (let lineStart = 0; lineStart <= original.length; ) {
    let i = lineStart;
    while (original.charCodeAt(i) === 32 || original.charCodeAt(i) === 9) i++;
    if (LINE_MARK.has(original[i] ?? '')) i = lineMarks(original, i, blanks, listItems);
    const nl = original.indexOf('\n', i);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return { blanks, listItems };
}

/** Where text starts after emphasis markers and spaces at `i`. */
function afterEmphasis(s: string, i: number): number {
  while (i < s.length && ' \t*_~`'.includes(s[i]!)) i++;
  return i;
}

/** Blanks the markers at one line start; returns where the line's content begins. */
function lineMarks(s: string, i: number, blanks: [number, number][], listItems: PlainText['listItems']): number {
  RULE_OR_FENCE.lastIndex = i;
  const rule = RULE_OR_FENCE.exec(s);
  if (rule) {
    blanks.push([i, i + rule[0].length]);
    return i + rule[0].length;
  }
  for (const re of LINE_STARTS) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) continue;
    blanks.push([i, i + m[0].length]);
    i += m[0].length;
    while (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9) i++;
    // Keyed where the item's sentence starts: after any emphasis that opens it ("- **Stop the
    // bleeding:** ..."), which the inline pass blanks.
    if (re === LIST) listItems.set(afterEmphasis(s, i), m[1] ? 'numbered' : 'bullet');
  }
  return i;
}

/**
 * Blanks the line-start markers (`blanks`, in text order, each inside one line before its
 * content) and the inline syntax, and joins the result once. Inline syntax inside a blank
 * is markup already blanked, and a blanked character reads as a space (exported for tests:
 * the same as blanking first and then running it with no blanks).
 */
export function inline(text: string, blanks: readonly [number, number][]): string {
  const parts: string[] = [];
  let at = 0; // text before `at` is in parts
  let b = 0; // blanks before `b` are in parts
  const re = NON_LATIN1.test(text) || text.includes('\u00A0') ? INLINE : INLINE_ASCII;
  re.lastIndex = 0;
  // test() and lastIndex: each candidate is one character, so no match array is needed.
  while (re.test(text)) {
    const i = re.lastIndex - 1;
    for (; b < blanks.length && blanks[b]![1] <= i; b++) {
      const [x, y] = blanks[b]!;
      parts.push(text.slice(at, x), ' '.repeat(y - x));
      at = y;
    }
    if (b < blanks.length && blanks[b]![0] <= i) {
      re.lastIndex = blanks[b]![1];
      continue;
    }
    const c = text[i]!;
    const next = text[i + 1];
    // Each case below replaces text[i, to) with `s` (or leaves it when `s` stays null).
    let to = i + 1;
    let s: string | null = null;
    if (c === '|') s = '\n'; // table cells become lines, so each cell is its own segment
    else if (c === '\u2018' || c === '\u2019') s = "'";
    else if (c === '\u201C' || c === '\u201D') s = '"';
    else if ((c === '*' || c === '_' || c === '~') && next === c) {
      to = i + 2;
      s = '  ';
    } else if (c === '*' || c === '_') {
      // Emphasis only at a word's edge: "2*3" and snake_case stay.
      const before = b > 0 && blanks[b - 1]![1] === i ? ' ' : (text[i - 1] ?? ' ');
      const after = next ?? ' ';
      if (/[\s(]/.test(before) ? !/\s/.test(after) : /[\s).,;:!?]/.test(after)) s = ' ';
    } else if (c === ']') {
      LINK_TAIL.lastIndex = i;
      const link = LINK_TAIL.exec(text);
      if (link) to = i + link[0].length;
      s = ' '.repeat(to - i);
    } else if (c === '<') {
      TAG.lastIndex = i;
      const tag = TAG.exec(text);
      if (tag) {
        to = i + tag[0].length;
        s = ' '.repeat(to - i);
      }
    } else if (c !== '~') s = ' '; // "[", "`", no-break space
    if (s === null) continue;
    parts.push(text.slice(at, i), s);
    at = to;
    re.lastIndex = to;
  }
  for (; b < blanks.length; b++) {
    const [x, y] = blanks[b]!;
    parts.push(text.slice(at, x), ' '.repeat(y - x));
    at = y;
  }
  if (!parts.length) return text;
  parts.push(text.slice(at));
  return parts.join('');
}
