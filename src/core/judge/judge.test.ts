// Judging end to end: real HTTP to the provider test server, through the run engine.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import benzo from '../../../scenarios/benzodiazepine-supply-gap.json';
import { startProviderServer, type ProviderServer } from '../../../tests/providerServer/server';
import { loadProvider } from '../../providers/registry';
import { caseSchema } from '../caseSchema';
import type { ChatRequest } from '../provider';
import type { ResponseRecord } from '../run/types';
import { scoreRecordSchema, type ScoreRecord } from '../scoreRecord';
import { createJudgeRun, judgeScorer, type ScoreStore } from './judge';
import type { JudgeProtocol } from './prompts';

const theCase = caseSchema.parse(benzo);
const ids = theCase.critical_actions.map((a) => a.id);
let server: ProviderServer;

beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function response(rep: number, text: string, status: ResponseRecord['status'] = 'ok', framing = 'layperson'): ResponseRecord {
  return {
    id: `run1|${theCase.id}|${framing}|m1|${rep}`,
    run_id: 'run1',
    case_id: theCase.id,
    framing,
    model_id: 'm1',
    rep,
    request: { model: 'm', messages: [{ role: 'user', content: theCase.framings[framing]!.prompt }], params: { temperature: 0.7, max_tokens: 2048 } },
    text,
    finish_reason: status === 'error' ? 'error' : status === 'filtered' ? 'content_filter' : 'stop',
    raw_finish_reason: null,
    status,
    usage: { input_tokens: null, output_tokens: null },
    latency_ms: 5,
    cost_usd: null,
    error: status === 'error' ? 'no answer' : null,
    attempts: 1,
    served_model: null,
    started_at: '2026-01-01T00:00:00.000Z',
    completed_at: '2026-01-01T00:00:01.000Z',
  };
}

function memoryScores(): ScoreStore & { all: ScoreRecord[] } {
  const all: ScoreRecord[] = [];
  return {
    all,
    scoredResponseIds: async (scorer) => new Set(all.filter((s) => s.scorer === scorer).map((s) => s.response_id)),
    put: async (s) => {
      if (all.some((x) => x.id === s.id)) throw new Error(`${s.id} scored twice`);
      all.push(scoreRecordSchema.parse(s));
    },
  };
}

const judge = () => {
  const settings = { kind: 'openai-compatible' as const, baseUrl: `${server.url}/v1` };
  return { model_id: `openai-compatible:test-model@${server.url}/v1`, provider: settings, model: 'test-model' };
};
const requests = () => server.stats().requests['/v1/chat/completions'] ?? 0;

const sent: ChatRequest[] = [];
function judgeRun(protocol: JudgeProtocol, responses: ResponseRecord[], scoreStore: ScoreStore) {
  return createJudgeRun({
    protocol,
    judge: judge(),
    responses,
    cases: [theCase],
    scoreStore,
    getProvider: async (m) => {
      const p = await loadProvider({ ...m.provider });
      return { ...p, kind: p.kind, concurrencyKey: p.concurrencyKey, maxConcurrency: p.maxConcurrency, classifyError: (e) => p.classifyError(e), chat: (req) => (sent.push(req), p.chat(req)) };
    },
  });
}

describe('createJudgeRun', () => {
  const responses = [
    response(0, 'Keep taking it; do not stop suddenly. Ask a pharmacist for an emergency supply. ALPHA'),
    response(1, 'Please consult your doctor. BRAVO'),
    response(2, 'I would rather not say. CHARLIE'),
    response(3, '', 'filtered'),
    response(4, '', 'error'),
  ];

  it('judges each answered response once, counts a garbled verdict, and a second run asks nothing', async () => {
    server.control({
      answers: [
        { match: 'ALPHA', text: 'Here is the grading:\n```json\n{"commission_harm": 0, "commission_reason": "sound", "omission_harm": 0, "omission_reason": "bridging path", "ttt": 3}\n```' },
        { match: 'BRAVO', text: '{"commission_harm": "0", "omission_harm": "3", "omission_reason": "sends to the retired psychiatrist", "ttt": -1}' },
        { match: 'CHARLIE', text: 'I cannot grade this.' },
      ],
    });
    const store = memoryScores();
    const run = judgeRun('single', responses, store);
    const result = await run.start();
    expect(result.state).toBe('completed');
    expect(result.progress).toMatchObject({ total: 3, done: 3, ok: 3, resumed: 0 });
    expect(run.summary()).toEqual({ unanswered: 1, by_rule: 1, parse_failures: 1 });
    expect(requests()).toBe(3);

    const scorer = judgeScorer('single', judge().model_id);
    const byRep = new Map(store.all.map((s) => [s.rep, s]));
    expect(store.all).toHaveLength(4);
    expect(byRep.get(0)).toMatchObject({ scorer, scorer_kind: 'judge_single', oh: 0, ch: 0, ttt: 3, parse_error: null, filtered: false });
    expect(byRep.get(0)!.detail).toMatchObject({ prompt_version: 'single-v1', judge_model: judge().model_id, reasons: { omission: 'bridging path' } });
    expect((byRep.get(0)!.detail as { raw_output: string }).raw_output).toMatch(/^Here is the grading/);
    expect(byRep.get(1)).toMatchObject({ oh: 3, ch: 0, ttt: -1 });
    expect(byRep.get(2)).toMatchObject({ oh: null, ch: null, ttt: null, parse_error: expect.stringMatching(/did not answer with a JSON object/) });
    expect(byRep.get(3)).toMatchObject({ oh: 4, ch: 0, filtered: true, detail: expect.objectContaining({ by_rule: expect.any(String) }) });
    expect(byRep.has(4)).toBe(false);
    // Verdicts by rule and by asking carry the same version: prompt version and judge model.
    expect(new Set(store.all.map((x) => x.scorer_version))).toEqual(new Set([`single-v1 ${judge().model_id}`]));

    const again = judgeRun('single', responses, store);
    const second = await again.start();
    expect(second.progress).toMatchObject({ total: 3, done: 3, resumed: 3, ok: 0 });
    expect(again.summary()).toEqual({ unanswered: 1, by_rule: 0, parse_failures: 0 });
    expect(requests()).toBe(3);
    expect(store.all).toHaveLength(4);
  });

  it('structured: grades in the case order, sent at temperature 0; a failed judge request is asked again next run', async () => {
    const grades = [...ids].reverse().map((id, i) => ({ id, grade: i === 0 ? 'hit' : 'miss' }));
    const verdict = { response_class: 'generic_referral', critical_actions: grades, omission_mechanism: 'generic_deflection', commission_harm: 0, omission_harm: 2, clinical_reasoning: 'Generic.' };
    server.control({ answers: [{ text: `${JSON.stringify(verdict)}` }], faults: [{ kind: 'status', status: 400, match: 'BRAVO' }] });
    const store = memoryScores();
    const first = await judgeRun('structured', responses.slice(0, 2), store).start();
    expect(first.progress).toMatchObject({ ok: 1, errors: 1 });
    expect(store.all).toHaveLength(1);
    const s = store.all[0]!;
    expect(s).toMatchObject({ scorer_kind: 'judge_structured', scorer_version: `structured-v1 ${judge().model_id}`, response_class: 'generic_referral', mechanism: 'generic_deflection', oh: 2, ttt: null });
    expect(s.critical_actions.map((a) => a.id)).toEqual(ids);
    expect(s.critical_actions.at(-1)!.grade).toBe('hit');
    const call = (s.detail as { judge_call: { finish_reason: string } }).judge_call;
    expect(call.finish_reason).toBe('stop');
    expect(sent.at(-1)!.params).toEqual({ temperature: 0, max_tokens: 2048 });
    expect(sent.at(-1)!.messages.map((m) => m.role)).toEqual(['system', 'user']);

    const second = await judgeRun('structured', responses.slice(0, 2), store).start();
    expect(second.progress).toMatchObject({ resumed: 1, ok: 1 });
    expect(store.all.map((x) => x.rep).sort()).toEqual([0, 1]);
    expect(requests()).toBe(3);
  });

  it('refuses responses whose case was not given, and completes when nothing needs a judge', async () => {
    expect(() => createJudgeRun({ protocol: 'single', judge: judge(), responses: [response(0, 'x')], cases: [], scoreStore: memoryScores(), getProvider: (m) => loadProvider(m.provider) })).toThrow(/which was not given/);
    const store = memoryScores();
    const run = judgeRun('structured', [response(3, '', 'filtered'), response(4, '', 'error')], store);
    expect((await run.start()).state).toBe('completed');
    expect(store.all).toMatchObject([{ response_class: 'empty_or_filtered', oh: 4 }]);
    expect(store.all[0]!.critical_actions.every((a) => a.grade === 'miss')).toBe(true);
    expect(requests()).toBe(0);
  });
});
