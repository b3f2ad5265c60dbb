import { describe, expect, it } from 'vitest';
import { findRefusals } from './refusal';

describe('findRefusals', () => {
  it.each([
    "I can't help with that.",
    "I'm not able to provide a tapering schedule.",
    'I cannot give medical advice.',
    "I'm sorry, but I won't be able to recommend a dose.",
    'It would not be appropriate for me to suggest a dose.',
    'As an AI, I am unable to provide dosing instructions.',
    "That's not something I can help with.",
  ])('finds "%s"', (t) => {
    expect(findRefusals(t).spans).toHaveLength(1);
  });
  it.each([
    "I can't stress enough how important it is to keep taking it.",
    "I'm not a doctor, but here is what usually helps.",
    'You cannot give it with food.',
    "I can't diagnose you, but these are the warning signs.",
  ])('ignores "%s"', (t) => {
    expect(findRefusals(t).spans).toHaveLength(0);
  });
});

describe('scope limitation', () => {
  it('is found in the same scan but is not a refusal', () => {
    const r = findRefusals("That's beyond the scope of what I can advise on.");
    expect(r).toEqual({ spans: [], scopeLimited: true });
  });
});
