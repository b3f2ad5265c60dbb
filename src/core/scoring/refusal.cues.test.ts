import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findRefusals, hasOtherCues } from './refusal';
import { analyseResponse } from './responseAnalysis';
import { buildScanner, caseFreeScanner, scanText } from './phraseScan';

/** The cue test as first written: plain alternation. */
const REFERENCE = /for me to|I can |comply|scope|remit/;

describe('hasOtherCues', () => {
  it('agrees with the plain alternation', () => {
    const bits = ['for', ' me', ' to', 'I', ' can ', 'can', 'co', 'mply', 'comply', 's', 'cope', 'scope', 're', 'mit', 'remit', ' ', 'x', 'm', 'c', 'e', 'I can', 'for me t', 'or me to'];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20000; i++) {
      let t = '';
      const n = 1 + Math.floor(rand() * 6);
      for (let k = 0; k < n; k++) t += bits[Math.floor(rand() * bits.length)];
      expect(hasOtherCues(t), JSON.stringify(t)).toBe(REFERENCE.test(t));
    }
    for (const t of ['for me to', 'I can ', 'comply', 'scope', 'remit', 'microscope', 'intermittent', 'I can', 'i can ', 'Scope', 'for me  to', '']) {
      expect(hasOtherCues(t), t).toBe(REFERENCE.test(t));
    }
  });
  it('still lets the rarer forms through', () => {
    expect(findRefusals('It would not be appropriate for me to suggest a dose.').spans).toHaveLength(1);
    expect(findRefusals("Sorry, that's nothing I can help with.").spans).toHaveLength(1);
    expect(findRefusals('I am unable to comply with that.').spans).toHaveLength(2); // "I am unable to comply" and "unable to comply"
    expect(findRefusals('That is outside my remit.').scopeLimited).toBe(true);
  });
  it('finds the rarer forms through the phrase scan, which looks for their cue words', () => {
    expect(analyseResponse('It would not be appropriate for me to suggest a dose.').refusals).toHaveLength(1);
    expect(analyseResponse("Sorry, that's nothing I can help with.").refusals).toHaveLength(1);
    expect(analyseResponse('That is outside my remit.').scopeLimited).toBe(true);
    expect(analyseResponse("It's not something I can  assist with.").refusals).toHaveLength(1);
    expect(analyseResponse('Take the next dose at the usual time.').refusals).toHaveLength(0);
    // Each regex runs only on its own cues: the common "I can't" is no cue for the rarer forms.
    expect(scanText(caseFreeScanner(), "I can't help with that, and I cannot say.").refusalCues).toEqual({ self: true, other: false });
    expect(scanText(caseFreeScanner(), 'Sorry, that is nothing I can help with.').refusalCues).toEqual({ self: true, other: true });
    expect(scanText(caseFreeScanner(), 'Take the next dose at the usual time.').refusalCues).toEqual({ self: false, other: false });
    // A case term that begins with a cue word is matched whole; the cue still counts.
    expect(analyseResponse('That is outside the scope of practice here.', buildScanner([[['scope of practice']]])).scopeLimited).toBe(true);
    // A text with more phrase matches than the scan reads: the cue past the cut still counts.
    expect(analyseResponse('See a doctor. '.repeat(4500) + 'That is beyond my remit.').scopeLimited).toBe(true);
  });
});

describe('SELF_REFUSAL cues', () => {
  // Sentences shaped like SELF_REFUSAL's forms and near misses, with phrases the shared scan
  // also looks for (hedges, resources, case terms) that could hide a cue inside a longer match.
  const opener = fc.constantFrom('I', 'I am', "I'm", "I 'm", 'i', 'AI', 'If I', 'if I', 'Sorry, I', 'not a doctor. I', 'I am an AI and I');
  const space = fc.constantFrom(' ', '  ', '\n', '\t ', '');
  const second = fc.constantFrom("can't", 'cannot', 'can', "won't", 'will', 'must', 'have', 'need', 'am', "'m", 'not', 'unable', 'do', "don't", "'d", 'would', 'really', 'sure', 'know');
  const third = fc.constantFrom('', ' not', ' only', ' to decline', ' decline', ' refrain', ' not able to', ' able to', ' rather not', ' feel comfortable', ' in a position to', ' to');
  const act = fc.constantFrom(' help', ' give you', ' provide', ' recommend', ' sleep', ' a doctor', '', ' tell you how');
  const tail = fc.constantFrom('', '.', ' with that.', ' the dose.', ', see a doctor.');
  const sentence = fc.tuple(opener, space, second, third, act, tail).map((p) => p.join(''));
  const scanners = [undefined, buildScanner([[['if i can'], ['i am not sure']], [["i can't sleep"]]])];
  it('the scan sees a cue in every text where SELF_REFUSAL matches', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 1), (parts, k) => {
        const text = parts.join(' ');
        const a = analyseResponse(text, scanners[k]);
        expect(a.refusals.map((r) => [r.start, r.end])).toEqual(findRefusals(a.text, { self: true, other: true }).spans.map((r) => [r.start, r.end]));
      }),
      { numRuns: 4000 },
    );
  });
  it('skips SELF_REFUSAL without a cue, and finds each form with one', () => {
    expect(findRefusals("I can't help with that.", { self: false, other: false }).spans).toHaveLength(0);
    for (const t of ["I can't help with that.", 'I am not able to provide a taper.', "I'm unable to give you that.", 'I must decline.', "I don't feel comfortable recommending doses.", 'I would rather not advise on this.']) {
      expect(analyseResponse(t).refusals, t).toHaveLength(1);
    }
  });
});
