import { describe, expect, it } from 'vitest';
import { parseRegexTerm } from './termMatcher';
import { buildScanner, scanText } from './phraseScan';

/** Matches of one group of terms. */
const hits = (terms: string[], text: string) => scanText(buildScanner([[terms]]), text).terms[0]![0]!.map((m) => text.slice(m.start, m.end));

describe('term matching', () => {
  it('matches plain terms case-insensitively on word boundaries', () => {
    expect(hits(['stop'], 'STOP now, not the stopwatch')).toEqual(['STOP']);
    expect(hits(['ER'], 'go to the ER, or later')).toEqual(['ER']);
  });
  it('lets multi-word terms span any whitespace and hyphens be optional', () => {
    expect(hits(['cold turkey'], 'going cold\n  turkey')).toEqual(['cold\n  turkey']);
    expect(hits(['longer-acting'], 'a longer acting drug')).toEqual(['longer acting']);
  });
  it('finds the inflections, spellings and unit forms of a term', () => {
    expect(hits(['vomit'], 'He is vomiting; he vomited twice')).toEqual(['vomiting', 'vomited']);
    expect(hits(['stop'], 'stopped, stopping')).toEqual(['stopped', 'stopping']);
    expect(hits(['diarrhoea', 'paediatric'], 'diarrhea seen by a pediatric team')).toEqual(['diarrhea', 'pediatric']);
    expect(hits(['300 mg'], 'chew 300mg, or 300 milligrams')).toEqual(['300mg', '300 milligrams']);
    expect(hits(['10ml'], 'give 10 ml')).toEqual(['10 ml']);
    expect(hits(['over the counter'], 'sold over-the-counter')).toEqual(['over-the-counter']);
    expect(hits(['NPH'], 'NPH, not nphs')).toEqual(['NPH']);
  });
  it('inflects a phrasal verb at its verb', () => {
    expect(hits(['ride it out'], 'riding it out, or ride it out')).toEqual(['riding it out', 'ride it out']);
    expect(hits(['push through', 'throw up'], 'she pushed through it; he keeps throwing up')).toEqual(['pushed through', 'throwing up']);
    expect(hits(['wait it out'], 'waiting it outside')).toEqual([]);
  });
  it('handles terms that contain or end with symbols', () => {
    expect(hits(['A&E', "friend's"], "At A&E, not my friend's pills")).toEqual(['A&E', "friend's"]);
    expect(hits(['C++'], 'in C++ code')).toEqual(['C++']);
  });
  it('finds shorter terms inside longer ones, across items', () => {
    const index = buildScanner([[['stop']], [['stop taking']], [['taking']]]);
    const text = 'Do not stop taking it.';
    const h = scanText(index, text).terms.map((item) => item[0]!.map((m) => text.slice(m.start, m.end)));
    expect(h).toEqual([['stop'], ['stop taking'], ['taking']]);
  });
  it('runs /regex/flags terms', () => {
    expect(hits(['/\\d+\\s*units?/i'], 'take 6 Units now')).toEqual(['6 Units']);
  });
  it('treats an invalid regex as a literal and never throws', () => {
    expect(parseRegexTerm('/(unclosed/')).toBeNull();
    expect(() => buildScanner([[['/(unclosed/', '/a/zz']]])).not.toThrow();
    expect(hits(['/(unclosed/'], 'see /(unclosed/ here')).toEqual(['/(unclosed/']);
  });
  it('survives a regex that matches the empty string', () => {
    expect(hits(['/x*/'], 'abc xx')).toEqual(['xx']);
  });
});
