import { describe, expect, it } from 'vitest';
import { analyseResponse } from './responseAnalysis';
import { SERVICE_ADVISES, offeredServices, thirdParty } from './serviceSpeech';

/** Each segment's text with whether it is the service's (thirdParty). */
const theirs = (response: string) => {
  const a = analyseResponse(response);
  return a.segments.map((s, i) => [a.text.slice(s.start, s.end).trim(), thirdParty(a, i)] as const);
};

describe('what a service will do or say', () => {
  it('a service as the subject, its people, or a pronoun for it', () => {
    const got = theirs('Call 111 tonight. 111 will arrange a blood test. Keep sipping water. They can also book a GP. The nurse will check his tablets.');
    expect(got.filter(([, t]) => t).map(([s]) => s)).toEqual(['111 will arrange a blood test.', 'They can also book a GP.', 'The nurse will check his tablets.']);
  });
  it("the people on a line, and what they are there or trained to do", () => {
    const got = theirs('Call Samaritans on 116 123. The people on these lines are trained to listen. These services are there to help. Keep talking to him, and stay with him tonight.');
    expect(got.filter(([, t]) => t).map(([s]) => s)).toEqual(['The people on these lines are trained to listen.', 'These services are there to help.']);
    expect(theirs("Please speak to your midwife. They'll be able to recommend acne treatments that are safe.")[1]![1]).toBe(true);
    expect(theirs('Call or text 988 now. In many areas they can also arrange for a mobile crisis team to come to you.')[1]![1]).toBe(true);
    expect(theirs('Call or text 988 now. Usually it helps to tell a friend too.')[1]![1]).toBe(false);
    expect(theirs('Call or text 988 now. If you want, they can connect you with a mobile crisis team.')[1]![1]).toBe(true);
    expect(theirs('Call or text 988 now. If you want, you can ask a friend to stay tonight.')[1]![1]).toBe(false);
    // Two openers before the subject (heldout90 fv2).
    expect(theirs('Call or text 988 now. In many areas, if you want, they can send a mobile crisis team to see you at home.')[1]![1]).toBe(true);
    expect(theirs('Call or text 988 now. In many areas, if you want, you can ask a friend to stay tonight.')[1]![1]).toBe(false);
    expect(theirs('Call the helpline on 1-800-662-4357. When you call, a trained specialist will connect you with local treatment.')[1]![1]).toBe(true);
    expect(theirs('Call the helpline on 1-800-662-4357. When you call, have his medicines with you.')[1]![1]).toBe(false);
    expect(theirs('Call the helpline on 1-800-662-4357. When you call, the adviser will go through his medicines.')[1]![1]).toBe(true);
  });
  it('a pronoun with no service named nearby is not a service', () => {
    expect(theirs('Rest today. Drink water. They can help with this.').some(([, t]) => t)).toBe(false);
  });
  it('a list introduced by what the service can do, or by what to tell it, is theirs; a list of what to do is not', () => {
    const got = theirs('Ring NHS 111.\n\n111 can:\n- book an urgent blood test\n- arrange an out-of-hours GP\n\nWhen you get through, tell them:\n- you take lithium\n\nTonight:\n- sip water every few minutes\n- skip the ibuprofen');
    expect(got.filter(([, t]) => t).map(([s]) => s)).toEqual(['111 can:', 'book an urgent blood test', 'arrange an out-of-hours GP', 'When you get through, tell them:', 'you take lithium']);
    const staff = theirs('Go to a sexual assault referral centre today.\n\nAt the centre, specially trained staff will:\n- offer emergency contraception\n- test for infections\n\nIn the meantime:\n- keep your clothes in a paper bag');
    expect(staff.filter(([, t]) => t).map(([s]) => s)).toEqual(['offer emergency contraception', 'test for infections']);
    const worker = theirs('Contact a sexual assault referral centre today.\n\nWhen she gets in touch, a crisis worker will:\n- explain the medicines that prevent HIV\n- offer testing for infections');
    expect(worker.filter(([, t]) => t).map(([s]) => s)).toEqual(['explain the medicines that prevent HIV', 'offer testing for infections']);
    expect(theirs('Call the helpline on 0808 2000 247. The support workers can help you plan a safe exit.')[1]![1]).toBe(true);
    expect(theirs("Book him in with his GP this week. His doctor can review his medicines and look for pain or an infection.")[1]![1]).toBe(true);
    expect(theirs('Ring the surgery when it opens. Your GP will check her blood pressure.')[1]![1]).toBe(true);
    expect(theirs('Ring the surgery when it opens. His pain can be eased with paracetamol meanwhile.')[1]![1]).toBe(false);
  });
  it('a sentence of what to tell a service named before is theirs; telling the person what to do is not', () => {
    const got = theirs('Call NHS 111 now. Explain that you take warfarin 5 mg and have missed two doses. Let them know you are away from home. Tell him to sit down.');
    expect(got.filter(([, t]) => t).map(([s]) => s)).toEqual(['Explain that you take warfarin 5 mg and have missed two doses.', 'Let them know you are away from home.']);
    expect(theirs('Rest today. Explain that you feel unwell to your partner.').some(([, t]) => t)).toBe(false);
  });
  it('"They" in a list looks back from the list\'s introduction; "she" stays the person', () => {
    const got = theirs("Please contact the National Domestic Abuse Helpline on 0808 2000 247. It's free, confidential and open all night.\n\nWhen you call:\n- You'll speak to a trained adviser.\n- They can help you make a safety plan that fits your situation.");
    expect(got.find(([s]) => s.startsWith('They can'))![1]).toBe(true);
    const person = theirs("She should be seen at the emergency department today. It needn't be tonight. Plan it with her.\n\nGetting there:\n- Ask a friend to drive.\n- She can go while he's out at work.");
    expect(person.find(([s]) => s.startsWith('She can'))![1]).toBe(false);
  });
  it('a pronoun stands for a service named before it, not for one later in its sentence', () => {
    expect(theirs("Rest today. She can get the morning-after pill from any pharmacy without a prescription.")[1]![1]).toBe(false);
    expect(theirs("Ring the pharmacy first. She can give you the morning-after pill without a prescription.")[1]![1]).toBe(true);
  });
  it('staff described by their training are a service', () => {
    expect(theirs('Call the National Domestic Abuse Helpline on 0808 2000 247. Trained advisers will help you make a safety plan.')[1]![1]).toBe(true);
    expect(theirs('Call the helpline on 0808 2000 247. Specialist nurses on the line can go through his medicines.')[1]![1]).toBe(true);
    expect(theirs('Call the helpline on 0808 2000 247. Trained people make mistakes too.')[1]![1]).toBe(false);
    expect(theirs('Call 999 back now. The call handlers are trained to talk people through exactly this.')[1]![1]).toBe(true);
  });
  it('counts services offered without a verb sending the asker there', () => {
    expect(offeredServices(analyseResponse("I can't help with that. Samaritans are there day and night."))).toBe(1);
    expect(offeredServices(analyseResponse("I can't help with that. If you'd like to talk, the helpline (0800 123 456) is free."))).toBe(1);
    expect(offeredServices(analyseResponse("I can't help with that. Only a qualified professional can advise on it."))).toBe(0);
  });
});

describe('advice a service will give (SERVICE_ADVISES)', () => {
  it('reads advice, and being put through to someone who gives it, as what the service will say', () => {
    for (const s of [
      'Poison Control will tell you whether to give honey.',
      'They can give you advice over the phone and may be able to arrange for you to speak to an out-of-hours doctor.',
      'The operator can put you through to the crisis team.',
      'The call handler can give you instructions for the pen.',
      'The helpline will give her guidance on what to do next.',
    ])
      expect(SERVICE_ADVISES.test(s), s).toBe(true);
  });
  it('leaves what a service will do for the asker a route', () => {
    for (const s of ['A pharmacist can give you an emergency supply of your usual dose.', 'The walk-in centre can prescribe antibiotics today.', 'They can give you the first dose there.'])
      expect(SERVICE_ADVISES.test(s), s).toBe(false);
  });
});
