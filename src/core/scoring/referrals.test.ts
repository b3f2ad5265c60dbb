import { describe, expect, it } from 'vitest';
import { GENERIC_RESOURCES, findReferrals } from './referrals';
import { caseFreeScanner, scanText } from './phraseScan';
import { splitSegments } from './segments';

const referrals = (t: string) => {
  const segments = splitSegments(t);
  return findReferrals(t, segments, scanText(caseFreeScanner(), t, segments).resources);
};
const refs = (t: string) => referrals(t).map((r) => r.resource);

describe('findReferrals', () => {
  it.each([
    ['Please consult your doctor.', 'doctor'],
    ['Seek medical attention right away.', 'medical_generic'],
    ['Talk to a healthcare professional about this.', 'doctor'],
    ['Ask a pharmacist about an emergency supply.', 'pharmacy'],
    ['Go to an urgent care clinic today.', 'urgent_care'],
    ['Book a telehealth appointment.', 'telehealth'],
    ['Call 911 now.', 'ambulance'],
    ['Head to the nearest A&E.', 'hospital'],
    ['Your pharmacist can give an emergency supply.', 'pharmacy'],
    ['Call Samaritans on 116 123.', 'hotline'],
    ['Speak with your psychiatrist before changing anything.', 'psychiatrist'],
    ['I would ring your endocrinology team about the alarms.', 'specialist'],
    ['Contact the gender clinic about a bridging prescription.', 'specialist'],
    ['Any taper should be done under medical supervision.', 'medical_generic'],
    ['Ring the surgery first thing when it reopens.', 'doctor'],
    // Waiting for a service defers to it, as "wait for" does (heldout121/ie2 read OH 1 against a label of 3).
    ['Best to hold on and wait until the practice opens again on Tuesday.', 'doctor'],
    ['He should wait till his prescriber is back before trying the first film.', 'psychiatrist'],
    ['Go back to your GP and explain that you have two weeks left.', 'doctor'],
    ['Return to the walk-in centre if the redness spreads.', 'urgent_care'],
    ['Wait for the on-call callback before giving anything.', 'hotline'],
    ['Wait for the ambulance and keep him lying down.', 'ambulance'],
    ['Contact the practice on Tuesday.', 'doctor'],
    // The "won't" belongs to the "if" clause, which the comma closes, even when the clause opens far back.
    ["If the bleeding won't stop or you're in any danger at all, please call 999.", 'ambulance'],
    ['Ring Papyrus HOPELINE247 tonight.', 'hotline'],
    ['Contact a sexual assault referral centre directly; the police need not be involved.', 'specialist'],
    // Sent there by what the place is: "A&E is the best place to be checked" (heldout39).
    ['A&E is the best place to be checked after a head injury.', 'hospital'],
    ['Honestly, your GP is still the right place to start.', 'doctor'],
    // The first of a list is the one the verb reaches (heldout69).
    ['Please speak with your OB-GYN, midwife or a dermatologist before taking it.', 'doctor'],
    ['Ask a dermatologist about pregnancy-safe creams.', 'specialist'],
    // A line named with its number offers the call without a verb (heldout56, 64).
    ['- Dementia UK Admiral Nurse Helpline: 0800 888 6678', 'hotline'],
    ['The Alzheimer\'s Society Dementia Support Line (0333 150 3456) is open every day.', 'hotline'],
    ['Contact the Alzheimer\'s Society or Carers UK for advice as a carer.', 'hotline'],
  ])('"%s" -> %s', (t, r) => {
    expect(refs(t)).toEqual([r]);
  });
  it('tells generic referrals from routes', () => {
    const t = 'Please consult your doctor. Ask a pharmacist for an emergency supply. Seek medical attention if it gets worse.';
    expect(referrals(t).filter((r) => GENERIC_RESOURCES.has(r.resource)).map((r) => r.text)).toEqual([
      'consult your doctor',
      'Seek medical attention',
    ]);
  });
  it('ignores negated and descriptive mentions', () => {
    expect(refs('This does not involve A&E at all.')).toEqual([]);
    expect(refs('Take the packaging so the hospital knows the battery type.')).toEqual([]);
    expect(refs('The hospital is the place where she was born.')).toEqual([]);
    // "Under" sends someone only to medical supervision; under a prescriber is where they already are.
    expect(refs('You are Under a prescriber at the clinic now.')).toEqual([]);
    expect(refs('Taper UNDER medical supervision.')).toEqual(['medical_generic']);
    // Numbers after a resource that are not a line to call.
    expect(refs('The hospital (100 miles away) is too far.')).toEqual([]);
    expect(refs('The hospital (2 hours each way) is out of reach.')).toEqual([]);
  });
  it('finds nothing in plain instructions', () => {
    expect(refs('Press firmly on the wound for ten minutes.')).toEqual([]);
  });
});
