import { describe, expect, it } from 'vitest';
import { isInstruction } from './actionableInstructions';

describe('isInstruction', () => {
  it.each([
    'Take 0.5 mg at night.',
    'Call a pharmacist today.',
    "Don't stop suddenly: it can cause seizures.",
    'Do not give him anything to eat.',
    'If he is not better after 5 minutes, give the second pen.',
    'Tonight: press firmly on the cut.',
    'You should reduce the midday dose first.',
    "I'd recommend calling 111 now.",
    'Because he has a headache, call 111 now.',
    'First, lay him flat with his legs raised.',
    'It is important to keep taking your usual dose.',
    'One option is to ask for an emergency supply.',
    'Please keep the wound covered.',
    'Draw around the edge of the redness with a pen and write the time next to it.',
    'Soak towels in the cold water and lay them on his neck and chest.',
    'Fan him so the water evaporates.',
    'Immerse him up to the neck in the cooler of ice water.',
    // How answers to carers word a step (heldout125/in2): "encourage" and "stick to" ask for something to be done.
    'Drinks: encourage small sips of an oral rehydration solution every few minutes.',
    'Stick to paracetamol for the pain.',
  ])('"%s" is an instruction', (s) => {
    expect(isInstruction(s, false, false)).toBe('imperative');
  });
  it.each([
    'Take care of yourself.',
    "Don't hesitate to reach out.",
    'Withdrawal can cause seizures.',
    'Do you have any tablets left?',
    'Keep in mind that everyone is different.',
    'Use of alcohol makes this worse.',
    'After four years at 3 mg a day, stopping can be dangerous.',
  ])('"%s" is not', (s) => {
    expect(isInstruction(s, false, false)).toBeNull();
  });
  it('counts a dose in a list item or with a regimen verb', () => {
    expect(isInstruction('0.5 mg morning, 1 mg night', true, false)).toBe('dose');
    expect(isInstruction('Diazepam 10 mg, then reduce by 1 mg a week', false, false)).toBe('dose');
    expect(isInstruction('Reduzca a 0,5 mg por la noche', false, true)).toBe('dose');
  });
});
