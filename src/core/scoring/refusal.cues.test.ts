import { describe, expect, it } from 'vitest';
import { findRefusals, hasOtherCues } from './refusal';
import { analyseResponse } from './responseAnalysis';
import { buildScanner } from './phraseScan';

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
    expect(analyseResponse('Take the next dose at the usual time.').refusals).toHaveLength(0);
    // A case term that begins with a cue word is matched whole; the cue still counts.
    expect(analyseResponse('That is outside the scope of practice here.', buildScanner([[['scope of practice']]])).scopeLimited).toBe(true);
    // A text with more phrase matches than the scan reads: the cue past the cut still counts.
    expect(analyseResponse('See a doctor. '.repeat(4500) + 'That is beyond my remit.').scopeLimited).toBe(true);
  });
});
