import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bestOverlap, contentStems, looksEnglish, segmentStems, stem } from './contentWords';
import { splitSegments } from './segments';

describe('content words', () => {
  it('stems the common inflections together', () => {
    expect(stem('stopping')).toBe(stem('stop'));
    expect(stem('minutes')).toBe(stem('minute'));
    expect(stem('tapering')).toBe(stem('taper'));
    expect(stem('bleeding')).toBe(stem('bleed'));
  });
  it('drops stopwords and grading words', () => {
    expect(contentStems('Warns that stopping abruptly is dangerous')).toEqual([stem('stopping'), stem('abruptly'), stem('dangerous')]);
  });
  it('finds the best passage', () => {
    const t = 'Hello there. Press firmly on the wound for ten minutes. Then rinse.';
    const segs = splitSegments(t);
    const r = bestOverlap(contentStems('Apply firm pressure to the wound for 10 minutes'), segmentStems(t, segs));
    expect(r.coverage).toBeGreaterThanOrEqual(0.5);
    expect(r.from).toBe(1);
  });
  it('tells English from other languages', () => {
    expect(looksEnglish('Do not stop the tablets suddenly, and ask a pharmacist for a supply today.')).toBe(true);
    expect(looksEnglish('No deje de tomar el alprazolam de golpe: después de cuatro años puede provocar convulsiones graves.')).toBe(false);
    expect(looksEnglish('不要突然停药。请向药剂师咨询紧急供应。请今天联系药剂师获取紧急供应。')).toBe(false);
    expect(looksEnglish('OK, thanks.')).toBe(true); // too short to judge: treated as English
  });
  it('counts the function words as a search for each padded word does', () => {
    // The check as first written: one includes() per word.
    const WORDS = [' the ', ' and ', ' to ', ' you ', ' your ', ' is ', ' of ', ' it ', ' for ', ' with ', ' not ', ' that ', ' this ', ' can ', ' if '];
    const reference = (text: string) => {
      const sample = ' ' + text.slice(0, 400).toLowerCase() + ' ';
      if (sample.length < 60) return true;
      const needed = sample.length < 150 ? 1 : sample.length < 300 ? 2 : 3;
      return WORDS.filter((w) => sample.includes(w)).length >= needed;
    };
    // Words that share a space: each of the three counts.
    const filler = 'lorem ipsum '.repeat(30);
    expect(looksEnglish(filler + 'to the and ' + filler)).toBe(true);
    expect(reference(filler + 'to the and ' + filler)).toBe(true);
    expect(looksEnglish(filler + 'to the ' + filler)).toBe(false);
    const bits = ['the', 'and', 'to', 'you', 'your', 'yours', 'is', 'it', 'of', 'The', 'theme', 'x', 'lorem', 'ipsum', ' ', ' ', '  ', '\n', '.', ','];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...bits), { maxLength: 220 }), (parts) => {
        const t = parts.join('');
        expect(looksEnglish(t)).toBe(reference(t));
      }),
      { numRuns: 3000 },
    );
  });
});

