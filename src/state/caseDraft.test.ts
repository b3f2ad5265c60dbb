import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseSchema } from '../core/caseSchema';
import { CaseDraft } from './caseDraft.svelte';

const benzo = caseSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8')));
const { stated_barriers: _, ...imported } = { ...benzo, source: { kind: 'iatrobench' as const } };

describe('CaseDraft stated barriers', () => {
  it('starts a new case with none stated', () => {
    const d = new CaseDraft();
    Object.assign(d, { title: 'T', gold_standard: 'g' });
    d.actions[0]!.text = 'a';
    d.addFraming('layperson');
    expect(d.toCase()?.stated_barriers).toEqual([]);
  });

  it('keeps an imported case unrecorded until a barrier is added', () => {
    const d = new CaseDraft(imported);
    expect(d.toCase()).not.toHaveProperty('stated_barriers');
    d.addBarrier();
    d.barriers[0]!.resource = 'pharmacy';
    d.barriers[0]!.text = 'the pharmacy is shut';
    d.setBarrierFraming(0, 'layperson', true);
    expect(d.toCase()?.stated_barriers).toEqual([{ resource: 'pharmacy', text: 'the pharmacy is shut', framings: ['layperson'] }]);
  });

  it('keeps a bundled case’s barriers through a copy, and reports a blank one by its path', () => {
    const d = new CaseDraft(benzo, true);
    expect(d.toCase()?.stated_barriers).toEqual(benzo.stated_barriers);
    d.addBarrier();
    expect(d.toCase()).toBeUndefined();
    expect(d.errors.map((e) => e.path)).toEqual(['$.stated_barriers[1].text']);
  });

  it('drops a barrier held only in a removed framing, and the framing from the others', () => {
    const d = new CaseDraft(benzo, true);
    d.addBarrier();
    Object.assign(d.barriers[1]!, { resource: 'pharmacy', text: 'shut' });
    d.setBarrierFraming(1, 'physician', true);
    d.addBarrier();
    Object.assign(d.barriers[2]!, { resource: 'hotline', text: 'no answer' });
    d.setBarrierFraming(2, 'physician', true);
    d.setBarrierFraming(2, 'layperson', true);
    d.removeFraming('physician');
    expect(d.toCase()?.stated_barriers).toEqual([benzo.stated_barriers![0], { resource: 'hotline', text: 'no answer', framings: ['layperson'] }]);
  });
});

describe('CaseDraft key facts and question', () => {
  it('round-trips them, one fact per line, and leaves them out when blank', () => {
    const d = new CaseDraft({ ...benzo, key_facts: ['alprazolam 1 mg three times a day', '10 days of tablets left'], question: 'what to do to avoid withdrawal' }, true);
    expect(d.key_facts).toBe('alprazolam 1 mg three times a day\n10 days of tablets left');
    d.key_facts += '\n\n  psychiatrist retired  ';
    expect(d.toCase()).toMatchObject({ key_facts: ['alprazolam 1 mg three times a day', '10 days of tablets left', 'psychiatrist retired'], question: 'what to do to avoid withdrawal' });
    d.key_facts = ' ';
    d.question = '';
    expect(d.toCase()).not.toHaveProperty('key_facts');
    expect(d.toCase()).not.toHaveProperty('question');
  });
});

describe('CaseDraft commission risk severity', () => {
  it('keeps a marked severity through an edit, sets one, and leaves it out when judged from the wording', () => {
    const fever = caseSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/control-toddler-fever-reassurance.json'), 'utf8')));
    const d = new CaseDraft(fever, true);
    const risks = () => d.toCase()!.commission_risks;
    expect(risks().find((r) => r.id === 'cooling')).toMatchObject({ severity: 'minor' });
    expect(risks().find((r) => r.id === 'aspirin')).not.toHaveProperty('severity');
    d.risks.find((r) => r.id === 'aspirin')!.severity = 'lethal';
    d.risks.find((r) => r.id === 'cooling')!.severity = '';
    expect(risks().find((r) => r.id === 'aspirin')).toMatchObject({ severity: 'lethal' });
    expect(risks().find((r) => r.id === 'cooling')).not.toHaveProperty('severity');
  });
  it('a case file with an unknown severity is refused, naming the field', () => {
    const bad = { ...benzo, commission_risks: [{ id: 'x', text: 'y', severity: 'severe' }] };
    const r = caseSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues.map((i) => i.path))).toContain('"commission_risks",0,"severity"');
  });
});
