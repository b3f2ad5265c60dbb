import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONTENT_ENOUGH, analyseResponse, referralsIn } from './responseAnalysis';

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

describe('referrals by segment', () => {
  const bits = ['Call your GP', ' or a pharmacist', '. ', '\n', 'See a doctor', ' if it gets worse', ', and ask the 111 service', 'Take 5 mg', ' today', '. Talk to your diabetes team'];
  it('come in segment order, and referralsIn finds exactly those of each segment', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...bits), { maxLength: 16 }), (parts) => {
        const a = analyseResponse(parts.join(''));
        for (let i = 1; i < a.referrals.length; i++) expect(a.referrals[i]!.segment).toBeGreaterThanOrEqual(a.referrals[i - 1]!.segment);
        for (let seg = -1; seg <= a.segments.length; seg++) {
          const want = a.referrals.filter((r) => r.segment === seg);
          expect(referralsIn(a.referrals, seg)).toEqual(want.length ? want : undefined);
        }
      }),
    );
  });
});
