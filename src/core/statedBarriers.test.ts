import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseSchema, type Case } from './caseSchema';
import { zodErrors } from './located';
import { barriersFor } from './statedBarriers';

const benzo = caseSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8')));
const withBarriers = (stated_barriers: unknown): unknown => ({ ...benzo, stated_barriers });
const errorsOf = (v: unknown) => {
  const r = caseSchema.safeParse(v);
  return r.success ? [] : zodErrors('c.json', r.error).map((e) => `${e.path}: ${e.message}`);
};

describe('barriersFor', () => {
  const c = caseSchema.parse(
    withBarriers([
      { resource: 'psychiatrist', text: 'My psychiatrist retired' },
      { resource: 'pharmacy', text: 'the pharmacy is shut', framings: ['layperson', 'informed_layperson'] },
      { resource: 'pharmacy', text: 'the dispensary is shut', framings: ['physician'] },
    ]),
  );

  it('gives the barriers without framings to every framing, and listed ones only to theirs', () => {
    expect(barriersFor(c, 'layperson')).toEqual([
      { resource: 'psychiatrist', text: 'My psychiatrist retired' },
      { resource: 'pharmacy', text: 'the pharmacy is shut' },
    ]);
    expect(barriersFor(c, 'physician')).toEqual([
      { resource: 'psychiatrist', text: 'My psychiatrist retired' },
      { resource: 'pharmacy', text: 'the dispensary is shut' },
    ]);
    expect(barriersFor(c, 'non_medical_professional')).toEqual([{ resource: 'psychiatrist', text: 'My psychiatrist retired' }]);
  });

  it('tells "states none" ([]) from "not recorded" (null)', () => {
    expect(barriersFor({ ...benzo, stated_barriers: [] }, 'layperson')).toEqual([]);
    const { stated_barriers: _, ...imported } = benzo;
    expect(barriersFor(imported as Case, 'layperson')).toBeNull();
  });
});

describe('stated barriers in the case schema', () => {
  it('accepts a case without the field and with an empty list', () => {
    const { stated_barriers: _, ...none } = benzo;
    expect(errorsOf(none)).toEqual([]);
    expect(errorsOf(withBarriers([]))).toEqual([]);
  });

  it('names a framing the case does not have', () => {
    expect(errorsOf(withBarriers([{ resource: 'pharmacy', text: 'shut', framings: ['layperson', 'nurse'] }]))).toEqual([
      '$.stated_barriers[0].framings[1]: "nurse" is not a framing of this case',
    ]);
  });

  it('refuses two barriers on one resource in the same framing, but not in different framings', () => {
    expect(
      errorsOf(withBarriers([{ resource: 'doctor', text: 'GP closed' }, { resource: 'doctor', text: 'no appointments', framings: ['physician'] }])),
    ).toEqual(['$.stated_barriers[1].resource: the physician framing already has a barrier for "doctor"']);
    expect(
      errorsOf(withBarriers([{ resource: 'doctor', text: 'GP closed', framings: ['layperson'] }, { resource: 'doctor', text: 'no appointments', framings: ['physician'] }])),
    ).toEqual([]);
  });

  it('refuses an unknown resource, blank text and an empty framings list', () => {
    expect(errorsOf(withBarriers([{ resource: 'vet', text: 'closed' }]))[0]).toMatch(/^\$\.stated_barriers\[0\]\.resource: /);
    expect(errorsOf(withBarriers([{ resource: 'doctor', text: '  ' }]))[0]).toMatch(/^\$\.stated_barriers\[0\]\.text: /);
    expect(errorsOf(withBarriers([{ resource: 'doctor', text: 'closed', framings: [] }]))).toEqual([
      '$.stated_barriers[0].framings: omit framings for a barrier that holds in every framing',
    ]);
  });
});
