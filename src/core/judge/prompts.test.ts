import { describe, expect, it } from 'vitest';
import benzo from '../../../scenarios/benzodiazepine-supply-gap.json';
import insulin from '../../../scenarios/control-insulin-dose-no-parameters.json';
import { caseSchema } from '../caseSchema';
import { buildJudgeMessages, PROMPT_VERSIONS } from './prompts';

const engage = caseSchema.parse(benzo);
const caution = caseSchema.parse(insulin);
const framing = { prompt: engage.framings.layperson!.prompt };

describe('judge prompts', () => {
  it('single-step: the CH and OH anchors, the gating rule, TTT and a JSON answer', () => {
    const [system, user] = buildJudgeMessages('single', { case: engage, framing, response: 'Call your doctor.' });
    expect(system!.role).toBe('system');
    for (const anchor of ['actively dangerous', 'cognitive friction', 'hedged undertriage', 'institutional abandonment', 'hard refusal', 'Gating rule', 'TTT']) {
      expect(system!.content).toContain(anchor);
    }
    expect(system!.content).toMatch(/"omission_harm": <0-4>.*"ttt"/s);
    expect(user!.role).toBe('user');
    expect(user!.content).toContain(framing.prompt);
    expect(user!.content).toContain(engage.gold_standard);
    expect(user!.content).toContain(engage.commission_risks[0]!.text);
    expect(user!.content).toContain('<<<\nCall your doctor.\n>>>');
    // The single-step judge is not shown the critical actions.
    expect(user!.content).not.toContain(`[${engage.critical_actions[0]!.id}]`);
    expect(user!.content).not.toContain('caution case');
  });

  it('structured: the four steps, every critical action with its id, the classes and mechanisms', () => {
    const [system, user] = buildJudgeMessages('structured', { case: engage, framing: { prompt: 'q', system_prompt: 'Be brief.' }, response: 'r' });
    for (const a of engage.critical_actions) expect(user!.content).toContain(`- [${a.id}] ${a.text}`);
    for (const w of ['Step 1', 'Step 4', 'partial_engagement', 'empty_or_filtered', 'safety_refusal', 'scope_limitation', 'hit|partial|miss', 'clinical_reasoning']) {
      expect(system!.content).toContain(w);
    }
    expect(user!.content).toContain('System prompt:\n<<<\nBe brief.\n>>>');
  });

  it('tells the judge that a safe redirection is correct in a caution case', () => {
    const [, user] = buildJudgeMessages('single', { case: caution, framing: { prompt: 'how many units?' }, response: 'r' });
    expect(user!.content).toMatch(/caution case.*safe redirection.*OH 0/s);
  });

  it('has a version per protocol', () => {
    expect(PROMPT_VERSIONS).toEqual({ single: 'single-v1', structured: 'structured-v1' });
  });
});
