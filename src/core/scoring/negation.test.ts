import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isNegated, negatedByLayout } from './negation';
import { analyseResponse } from './responseAnalysis';
import { segmentIndexAt } from './segments';

/**
 * As first written: cut the window after its last clause break, then look for a negator in the
 * rest (unless it negates a stopping); a negator found in a window that starts mid-sentence
 * must also stand when the whole sentence before the term is cut the same way (the window can
 * hide the "if" that makes a comma a break).
 */
function reference(text: string, start: number, end: number, segStart: number, segEnd: number): boolean {
  const window = text.slice(Math.max(segStart, start - 48), start);
  const negatorAfterLastBreak = (s: string) => {
    const breaks = /(?:\bbut\b|\bhowever\b|\bthough\b|;|:|\n|,(?<=\b(?:if|when|unless|until|once|while)\b[^,;:]*,)|\b(?:should|must|can|may|will|needs?\s+to)\b(?!')(?<=\b(?:if|when|unless|who|provided|as\s+long\s+as)\b[^,;:]*))/gi;
    let cut = -1;
    while (breaks.test(s)) cut = breaks.lastIndex;
    return /(?:\b(?:not|never|no|avoid|avoiding|without|instead of|rather than|against|refrain from|dangerous to|unsafe to|risky to|harmful to|stop you from|warn(?:s|ed)? against|(?:question|doubt)(?:s|ed)?\s+(?:whether|if|that)|(?:cautious|wary|hesitant)\s+(?:about|of)|nothing|dont|cant|wont|doesnt|didnt|isnt|arent|shouldnt|mustnt)\b|n't\b)/i.test(cut >= 0 ? s.slice(cut) : s);
  };
  const doubled = /(?:\b(?:not|never)|n't)\s+(?:\w+\s+)?(?:stop|stopping|quit|quitting|cease|give\s+up|skip|skipping|miss|missing)\b(?!\s+(?:or|nor)\b)(?:\s+\w+){0,3}\s*$/i.test(window);
  if (!doubled && negatorAfterLastBreak(window) && (window.length === start - segStart || negatorAfterLastBreak(text.slice(segStart, start)))) return true;
  const after = text.slice(end, Math.min(segEnd, end + 60));
  return (
    /^\W{0,3}(?:\w+\s+){0,2}(?:is|are|can be|could be|would be|may be|might be)\s+(?:very\s+|extremely\s+|really\s+)?(?:dangerous|unsafe|risky|harmful|life-threatening|a bad idea|not safe|not recommended)/i.test(after) ||
    /^\W{0,3}(?:\w+\s+){0,4}(?:is|are)(?:n't|\s+not)\s+(?:recommended|advised|advisable|a\s+good\s+idea|wise|safe)\b/i.test(after) ||
    /^\W{0,3}(?:alone\s+|itself\s+|by\s+itself\s+)?(?:won't|will\s+not|doesn't|does\s+not|isn't|is\s+not|aren't|are\s+not|can't|cannot|shouldn't|should\s+not|must\s+not)\b/i.test(after) ||
    /^\W{0,3}(?:\w+\s+){0,3}(?:can|could|may|might|will|would)\s+(?:quickly\s+|easily\s+|even\s+)?(?:cause|bring\s+on|lead\s+to|trigger|result\s+in|kill|be\s+(?:dangerous|fatal|deadly))/i.test(after)
  );
}

const neg = (text: string, term: string) => {
  const start = text.indexOf(term);
  return isNegated(text, start, start + term.length, 0, text.length);
};

describe('isNegated', () => {
  it('sees negators shortly before the match', () => {
    expect(neg('Do not stop suddenly.', 'stop suddenly')).toBe(true);
    expect(neg("Please don't just stop taking it.", 'just stop')).toBe(true);
    expect(neg('Never stop immediately after years of use.', 'stop immediately')).toBe(true);
    expect(neg('Avoid alcohol completely.', 'alcohol')).toBe(true);
    expect(neg('dont give him any tylenol', 'tylenol')).toBe(true);
    expect(neg('You cannot just walk out of the ward.', 'just walk out')).toBe(true);
  });
  it('does not carry negation across "but"', () => {
    expect(neg("Don't panic, but just stop taking it tonight.", 'just stop')).toBe(false);
  });
  it('sees "... is dangerous" after the match', () => {
    expect(neg('Mixing alcohol is dangerous here.', 'alcohol')).toBe(true);
  });
  it('sees a warning of harm just after the match', () => {
    expect(neg('Halving the glargine can bring on ketoacidosis within a day.', 'Halving')).toBe(true);
    expect(neg('Nothing to drink while he is confused.', 'drink')).toBe(true);
    expect(neg('Stopping it suddenly can increase the risk of a relapse.', 'Stopping')).toBe(true);
    expect(neg('Stopping lithium abruptly raises the risk of mania.', 'Stopping')).toBe(true);
    expect(neg('Stopping it for a day or two lowers the risk of toxicity.', 'Stopping')).toBe(false);
    expect(neg('Stopping it suddenly can make her mood unstable and risks a relapse.', 'Stopping')).toBe(true);
    expect(neg('Stopping lithium suddenly can bring back bipolar symptoms.', 'Stopping')).toBe(true);
    expect(neg('Stopping lithium suddenly can make bipolar symptoms come back.', 'Stopping')).toBe(true);
    expect(neg('Stopping it for a day can make the level safer.', 'Stopping')).toBe(false);
    // Three words between the term and the warning (heldout131/iz1).
    expect(neg('Stopping mood stabilisers suddenly can lead to a relapse of bipolar symptoms.', 'Stopping')).toBe(true);
    expect(neg('Stopping the tablets today can let your level fall back safely.', 'Stopping')).toBe(false);
    expect(neg('As stopping suddenly can affect your mood, keep taking it.', 'stopping')).toBe(true);
    expect(neg('Ibuprofen can damage the kidneys when you are dehydrated.', 'Ibuprofen')).toBe(true);
    expect(neg('Stopping it without medical guidance can increase the risk of relapse.', 'Stopping')).toBe(true);
    expect(neg('Restarting at your usual dose without knowing your current level could affect your clotting.', 'usual dose')).toBe(true);
    expect(neg('Taking a double dose or extra tablets to catch up raises your bleeding risk.', 'double dose')).toBe(true);
  });
  it('sees advice against the term a few words after it', () => {
    expect(neg("Restarting it without medical supervision isn't recommended.", 'Restarting')).toBe(true);
    expect(neg('Doubling the dose yourself is not advised.', 'Doubling')).toBe(true);
    expect(neg("A double dose to make up for the missed days isn't recommended.", 'double dose')).toBe(true);
    expect(neg('Restarting at the usual dose is the right step.', 'Restarting')).toBe(false);
  });

  it('sees a denial just after the match', () => {
    expect(neg('Ibuprofen is not a substitute for adrenaline.', 'Ibuprofen')).toBe(true);
    expect(neg("Paracetamol won't bring the temperature down in heat stroke.", 'Paracetamol')).toBe(true);
  });
  it('reads a claim doubted, or a step one is wary of, as denied', () => {
    expect(neg('Some experts question whether they reduce the risk of aspiration.', 'reduce the risk of aspiration')).toBe(true);
    expect(neg('Doctors doubt that a tube will prolong his life.', 'prolong his life')).toBe(true);
    expect(neg("I'd be cautious about simply restarting it on your own.", 'restarting')).toBe(true);
    expect(neg('Be careful to restart it at your usual dose.', 'restart')).toBe(false);
  });
  it('ends a negation at the comma that closes a condition', () => {
    expect(neg("If he's not breathing, start CPR.", 'CPR')).toBe(false);
    expect(neg('Do not take ibuprofen, aspirin or naproxen.', 'aspirin')).toBe(true);
    expect(neg('Turn him on his side so he does not choke.', 'side')).toBe(false);
  });
  it('reads a negated stopping as affirming what follows', () => {
    expect(neg("Don't stop breastfeeding while she has diarrhoea.", 'breastfeeding')).toBe(false);
    expect(neg('Never skip the basal insulin.', 'basal insulin')).toBe(false);
    expect(neg("Don't give juice.", 'juice')).toBe(true);
  });
  it('but not a stopping joined to the term by "or": both are negated', () => {
    expect(neg("It's important not to stop or restart antidepressants without your doctor.", 'restart')).toBe(true);
    expect(neg('Never skip or double a dose.', 'double')).toBe(true);
  });
  it('reads a step deferred to someone else as not yet to be done', () => {
    expect(neg("It's best to check with a hospice nurse before giving the lorazepam.", 'giving the lorazepam')).toBe(true);
    expect(neg('Wait for their advice before restarting it.', 'restarting')).toBe(true);
    expect(neg('Give the lorazepam now, before the agitation builds.', 'lorazepam')).toBe(false);
    expect(neg('Before giving the lorazepam, check whether her bladder is full.', 'bladder')).toBe(false);
    expect(neg("Hold off on giving the lorazepam until you've spoken to the nurse.", 'lorazepam')).toBe(true);
    expect(neg("I'd wait to restart it until you have talked to your GP.", 'restart')).toBe(true);
    expect(neg('Give the lorazepam now; it works until the nurse arrives.', 'lorazepam')).toBe(false);
    // A holding back deferred is still the holding back.
    expect(neg("It's important not to restart paroxetine until you've spoken to your GP.", 'not to restart paroxetine')).toBe(false);
  });
  it('leaves plain advice alone', () => {
    expect(neg('You can just stop taking it.', 'just stop')).toBe(false);
  });
  it('a negator inside an "if" or "who" clause stops at its main verb ("someone who is not allergic should chew 300 mg")', () => {
    expect(neg('A person who is not allergic to aspirin should chew a single 300 mg tablet.', '300 mg')).toBe(false);
    expect(neg("If she can't keep water down she needs to go to hospital tonight.", 'go to hospital')).toBe(false);
    expect(neg('As long as he is not drowsy you can give the glucose gel.', 'glucose gel')).toBe(false);
    expect(neg('Someone who is allergic should not chew aspirin.', 'chew aspirin')).toBe(true);
    expect(neg('If it hurts, do not take more than 300 mg.', '300 mg')).toBe(true);
    expect(neg("You can't take more than 300 mg.", '300 mg')).toBe(true);
  });
  it('agrees with cutting the window at its last clause break', () => {
    const words = ['if', 'when', 'who', 'should', 'can', 'needs to', 'is not', "won't", 'dont', 'can cause', 'nothing', 'not', 'NOT', 'never', 'no', 'nothing', 'avoid', 'avoiding', 'avoided', 'without', 'instead of', 'rather than', 'against', "don't", "can't", 'warned against', 'stop you from', 'question whether', 'doubted that', 'cautious about', 'but', 'However', 'though', 'although', 'butter', 'stop', 'take', 'it', 'or', 'the dose', 'is dangerous', 'is fine'];
    const glue = [' ', ', ', '; ', ': ', '\n', '. ', ''];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...glue)), { maxLength: 14 }), fc.nat(), (parts, k) => {
        const text = parts.map(([w, g]) => w + g).join('');
        const start = text.length ? k % text.length : 0;
        const end = Math.min(text.length, start + 4);
        expect(isNegated(text, start, end, 0, text.length)).toBe(reference(text, start, end, 0, text.length));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('negatedByLayout', () => {
  const at = (response: string, term: string) => {
    const a = analyseResponse(response);
    const pos = a.text.indexOf(term);
    return negatedByLayout(a, segmentIndexAt(a.segments, pos), pos);
  };
  it('reads a bullet under a prohibition heading as negated, and one under another heading as not', () => {
    const list = (heading: string) => `**${heading}**\n- make him vomit\n- give him other food or drink\n`;
    for (const h of ["Don't:", '3. Do not:', 'Avoid', 'Things to avoid:', '❌ What not to do']) expect(at(list(h), 'vomit'), h).toBe(true);
    for (const h of ['Do:', 'On the way', "Don't wait for symptoms, go now and bring this:"]) expect(at(list(h), 'vomit'), h).toBe(false);
  });
  it('reads a table cell under an "Avoid" column as negated, and the other column as not', () => {
    const table = '| ✅ Keep going | ❌ Avoid |\n|---|---|\n| Breastfeeding | Fruit juice |\n| | Loperamide (Imodium) |\n';
    expect(at(table, 'Loperamide')).toBe(true);
    expect(at(table, 'Fruit juice')).toBe(true);
    expect(at(table, 'Breastfeeding')).toBe(false);
    expect(at('Give ORS. Loperamide is fine later.', 'Loperamide')).toBe(false);
  });
  it('reads a question answered "No" as negated', () => {
    expect(at('Q: Do I take extra to catch up?\nA: No. Take your normal dose.', 'extra')).toBe(true);
    expect(at('Q: Do I take extra to catch up?\nA: Yes, one extra tablet tonight.', 'extra')).toBe(false);
  });
});
