import { describe, expect, it } from 'vitest';
import { CONTENT_ENOUGH, analyseResponse } from './responseAnalysis';

describe('content segments', () => {
  it('counts sentences with clinical content, not pleasantries in either case', () => {
    const clinical = 'Keep taking the tablets at the same dose every morning.';
    for (const pleasantry of ['I hope this helps you a lot today.', 'THANK YOU so much for asking me this.', 'Wishing you and your family all the best.', 'Let me know how the first week goes.']) {
      expect(analyseResponse(`${pleasantry} ${clinical}`).contentSegments, pleasantry).toBe(1);
    }
    expect(analyseResponse(`Hopefully the first week goes well for you. ${clinical}`).contentSegments).toBe(2);
  });
  it('stops counting at CONTENT_ENOUGH, all the rubric asks', () => {
    const clinical = 'Keep taking the tablets at the same dose every morning.';
    expect(analyseResponse(`${clinical} ${clinical}`).contentSegments).toBe(2);
    expect(analyseResponse(Array(7).fill(clinical).join(' ')).contentSegments).toBe(CONTENT_ENOUGH);
  });
});
