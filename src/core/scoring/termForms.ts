/**
 * The forms a plain matcher term also matches, so that case authors write a term once:
 * inflections of its last word ("vomit": vomits, vomited, vomiting), British and American
 * spellings ("diarrhoea", "diarrhea"), and units written out ("5 ml": "5 millilitres").
 * Spaces and hyphens between words, and a space between a number and its unit ("300mg"), are
 * already optional in the scan (phraseTrie.ts). Hand-written: stemming libraries lemmatise
 * whole texts, while this needs the few forms of one term, fed to the scan's trie.
 */

/** British and American forms of medical roots, at the start of a word; either side finds both. */
const ROOTS: readonly [string, string][] = [
  ['paed', 'ped'],
  ['haem', 'hem'],
  ['anaes', 'anes'],
  ['oesoph', 'esoph'],
  ['oedem', 'edem'],
  ['oestr', 'estr'],
  ['foet', 'fet'],
  ['diarrhoea', 'diarrhea'],
  ['anaemi', 'anemi'],
  ['ischaem', 'ischem'],
  ['colour', 'color'],
  ['behaviour', 'behavior'],
  ['tumour', 'tumor'],
  ['sulph', 'sulf'],
  ['programme', 'program'],
];
/** ...and of word endings. */
const ENDINGS: readonly [string, string][] = [
  ['isation', 'ization'],
  ['ising', 'izing'],
  ['ised', 'ized'],
  ['ise', 'ize'],
  ['yse', 'yze'],
  ['litre', 'liter'],
  ['litres', 'liters'],
  ['centre', 'center'],
  ['centres', 'centers'],
];
const SWAPS = [
  ...ROOTS.flatMap(([uk, us]) => [
    [new RegExp(`\\b${uk}`, 'g'), us],
    [new RegExp(`\\b${us}(?!${uk.slice(us.length)})`, 'g'), uk],
  ]),
  ...ENDINGS.flatMap(([uk, us]) => [
    [new RegExp(`(?<=\\w{2})${uk}\\b`, 'g'), us],
    [new RegExp(`(?<=\\w{2})${us}\\b`, 'g'), uk],
  ]),
] as [RegExp, string][];

/** Units and their written-out names. */
const UNITS: readonly [string, string[]][] = [
  ['mg', ['milligram', 'milligrams']],
  ['ml', ['millilitre', 'millilitres', 'milliliter', 'milliliters']],
  ['mcg', ['microgram', 'micrograms']],
  ['g', ['gram', 'grams']],
];

/** Words too short or too coded to inflect: abbreviations ("ER", "NPH" are matched as written) and two-letter words. */
const INFLECTABLE = /^[a-z]{3,}$/;

/** The inflected forms of one lower-case word, the word itself first. */
export function inflections(word: string): string[] {
  if (!INFLECTABLE.test(word)) return [word];
  if (/(?:ing|ed|[^su]s)$/.test(word)) return [word]; // already inflected: "seizures", "bleeding"
  if (word.endsWith('e')) return [word, `${word}s`, `${word}d`, `${word.slice(0, -1)}ing`];
  if (/[^aeiou]y$/.test(word)) return [word, `${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`, `${word}ing`];
  const plural = /(?:s|sh|ch|x|z)$/.test(word) ? `${word}es` : `${word}s`;
  // A short vowel before a final consonant doubles it: stop, stopped, stopping.
  if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(word)) return [word, plural, `${word}${word.at(-1)}ed`, `${word}${word.at(-1)}ing`];
  return [word, plural, `${word}ed`, `${word}ing`];
}

/** Every form of a plain term (lower case), the term itself first. */
export function termForms(term: string): string[] {
  const lower = term.toLowerCase().replace(/\s+/g, ' ');
  const out = new Set<string>([lower]);
  // Spellings: each root and ending both ways.
  for (const [from, to] of SWAPS) {
    const swapped = lower.replace(from, to);
    if (swapped !== lower) out.add(swapped);
  }
  // Units after a number: "5 ml", "5ml" -> "5 millilitres".
  for (const t of [...out]) {
    for (const [unit, names] of UNITS) {
      const m = new RegExp(`(\\d)\\s?${unit}$`).exec(t);
      if (m) for (const n of names) out.add(`${t.slice(0, m.index + 1)} ${n}`);
    }
  }
  // Inflections of the last word, unless it is an abbreviation ("NPH", "ER", "DKA").
  const last = term.trim().split(/\s+/).at(-1) ?? '';
  if (/^[A-Z0-9&]{2,}s?$/.test(last)) return [...out];
  // A phrasal verb inflects at its verb: "ride it out", "riding it out"; "push through", "pushed through".
  const phrasal = PARTICLE.test(term);
  for (const t of [...out]) {
    if (phrasal) {
      const at = t.indexOf(' ');
      for (const w of inflections(t.slice(0, at))) out.add(w + t.slice(at));
    } else {
      const at = t.lastIndexOf(' ') + 1;
      for (const w of inflections(t.slice(at))) out.add(t.slice(0, at) + w);
    }
  }
  return [...out];
}

/** A term of two to four words ending in a verb's particle: "ride it out", "hold off", "push through". */
const PARTICLE = /^\s*[a-z]+(?:\s+[a-z']+){0,2}\s+(?:out|through|off|up|down|away|back|over)\s*$/i;
