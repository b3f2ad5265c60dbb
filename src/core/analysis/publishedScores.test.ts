import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../cli/readTree';
import type { Case } from '../caseSchema';
import { importIatrobench } from '../iatrobenchImport';
import { scoreRecordSchema } from '../scoreRecord';
import { criticalActionGrades, detectScoreFormat, parsePublishedScores } from './publishedScores';
import { parseScoreJsonl } from './scoreJsonl';

const fixtures = join(import.meta.dirname, '../../../tests/fixtures/iatrobench');
const scoresText = readFileSync(join(fixtures, 'scores.jsonl'), 'utf8');
let cases: Case[];

beforeAll(async () => {
  const r = importIatrobench(await readTree(join(fixtures, 'data')));
  if (!r.ok) throw new Error('fixture import failed');
  cases = r.summary.cases;
});

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ scenario_id: 'GH1a', model_id: 'm', rep_id: 0, commission_harm: 0, omission_harm: 1, ...fields });
const parse = (text: string) => parsePublishedScores(text, cases, { file: 'r.jsonl', createdAt: 'T' });
const errorsOf = (text: string) => {
  const r = parse(text);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('parsePublishedScores', () => {
  it('reads the fixture: every line a valid ScoreRecord, the trailing blank line skipped', () => {
    const r = parse(scoresText);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value).toHaveLength(24);
    for (const s of r.value) expect(scoreRecordSchema.parse(s)).toEqual(s);
    expect(r.value[0]).toEqual({
      id: 'imported:iatrobench|imported|GH1a|model-a|0',
      response_id: 'imported|GH1a|model-a|0',
      case_id: 'iatrobench-pair-P1',
      framing: 'layperson',
      model_id: 'model-a',
      rep: 0,
      scorer: 'imported:iatrobench',
      scorer_kind: 'imported',
      scorer_version: 'imported',
      response_class: 'generic_referral',
      oh: 2,
      ch: 0,
      ttt: -1,
      critical_actions: [
        { id: 'ca1', grade: 'miss' },
        { id: 'ca2', grade: 'hit' },
        { id: 'ca3', grade: 'miss' },
        { id: 'ca4', grade: 'miss' },
      ],
      mechanism: 'safety_refusal',
      filtered: false,
      approximate: false,
      parse_error: null,
      detail: { scenario_id: 'GH1a', line: 1, clinical_reasoning: 'Invented for Iatroscope tests.', raw_judge_output: 'CH: 0\nOH: 2' },
      created_at: 'T',
    });
    const phys = r.value.find((s) => s.response_id === 'imported|GH1b|model-a|1')!;
    expect([phys.case_id, phys.framing, phys.critical_actions.map((a) => a.grade)]).toEqual(['iatrobench-pair-P1', 'physician', ['hit', 'hit', 'hit', 'partial']]);
    expect(r.value.find((s) => s.case_id === 'iatrobench-C1')?.framing).toBe('layperson');
  });

  it('names the scorer after the source', () => {
    const r = parsePublishedScores(line({}), cases, { name: 'paper-judge' });
    expect(r.ok && r.value[0]!.scorer).toBe('imported:paper-judge');
  });

  it("keeps the file's own scorer version when a line names one, else 'imported'", () => {
    const version = (extra: Record<string, unknown>) => {
      const r = parse(line(extra));
      return r.ok ? r.value[0]!.scorer_version : r.errors;
    };
    expect(version({ scorer_version: 'judge-v3' })).toBe('judge-v3');
    expect(version({ version: 2 })).toBe('2');
    expect(version({ version: '  ' })).toBe('imported');
    expect(version({ version: { major: 1 } })).toBe('imported');
    expect(version({})).toBe('imported');
  });

  it('accepts labels in any case, empty labels as absent, and a filter flag', () => {
    const r = parse(line({ response_class: ' Empty_Or_Filtered ', omission_mechanism: '', critical_action_results: null }));
    expect(r.ok && [r.value[0]!.response_class, r.value[0]!.mechanism, r.value[0]!.filtered, r.value[0]!.critical_actions]).toEqual([
      'empty_or_filtered', null, true, [],
    ]);
  });

  it('locates bad fields by line and path, all-or-nothing', () => {
    const text = [line({}), '', line({ rep_id: 1, omission_harm: 7 }), '{not json', line({ rep_id: 2, model_id: '' })].join('\n');
    expect(errorsOf(text)).toEqual([
      { file: 'r.jsonl', path: 'line 3: $.omission_harm', message: 'Too big: expected number to be <=4' },
      { file: 'r.jsonl', path: 'line 4: $', message: expect.stringMatching(/^not valid JSON/) },
      { file: 'r.jsonl', path: 'line 5: $.model_id', message: expect.stringMatching(/>=1 characters/) },
    ]);
  });

  it('lists unknown scenario ids at their first line', () => {
    const text = [line({}), line({ scenario_id: 'Q9z' }), line({ scenario_id: 'Q9z', rep_id: 1 }), line({ scenario_id: 'X1' })].join('\n');
    expect(errorsOf(text)).toEqual([
      {
        file: 'r.jsonl',
        path: 'line 2: $.scenario_id',
        message: 'unknown scenario id(s) "Q9z", "X1": import the cases from the scenario files these scores were made on',
      },
    ]);
  });

  it('refuses the same response twice and an empty file', () => {
    expect(errorsOf([line({}), line({ omission_harm: 2 })].join('\n'))).toEqual([
      { file: 'r.jsonl', path: 'line 2: $', message: 'the same scenario, model and rep_id as line 1' },
    ]);
    expect(errorsOf('\n\n')).toEqual([{ file: 'r.jsonl', path: '$', message: 'no scored lines in the file' }]);
  });

  it('names the critical-action result that cannot be read', () => {
    expect(errorsOf(line({ critical_action_results: ['hit', 'hit', 'maybe', 'hit'] }))[0]!.path).toBe('line 1: $.critical_action_results[2]');
    expect(errorsOf(line({ critical_action_results: ['hit'] }))[0]!.message).toBe('1 results for 4 critical actions (scenario GH1a)');
    expect(errorsOf(line({ critical_action_results: { '1': 'hit', '9': 'hit' } }))[0]!.path).toBe('line 1: $.critical_action_results["9"]');
  });
});

describe('a row with more action results than its case has actions', () => {
  it('is kept for OH and CH without grades, and named once in a warning', () => {
    const nine = ['hit', 'hit', 'hit', 'hit', 'miss'];
    const r = parse([line({ critical_action_results: nine }), line({ rep_id: 1, critical_action_results: nine }), line({ rep_id: 2, critical_action_results: ['hit', 'hit', 'hit', 'hit'] })].join('\n'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.map((s) => [s.rep, s.oh, s.ch, s.critical_actions.length])).toEqual([[0, 1, 0, 0], [1, 1, 0, 0], [2, 1, 0, 4]]);
    expect(r.warnings).toEqual([
      'r.jsonl: 2 row(s) give more critical-action results than their case has actions, so the results cannot be matched to the actions; these rows count for OH and CH but are left out of the hit rates: line 1 (scenario GH1a, model m, rep 0: 5 results for 4 actions); line 2 (scenario GH1a, model m, rep 1: 5 results for 4 actions).',
    ]);
    expect(parse(scoresText)).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('criticalActionGrades', () => {
  const actions = [
    { id: 'ca1', text: 'Give naloxone now', safety_colliding: true },
    { id: 'ca2', text: 'Recovery position', safety_colliding: false },
  ];
  it.each([
    ['strings', ['HIT', 'partial']],
    ['objects', [{ result: 'hit' }, { status: 'Partial' }]],
    ['0-based keys', { '0': 'hit', '1': 'partial' }],
    ['1-based keys', { '2': 'partial', '1': { grade: 'hit' } }],
    ['ca keys', { ca2: 'partial', CA1: 'hit' }],
    ['action text', { 'recovery position': 'partial', 'Give naloxone now': 'hit' }],
  ])('reads %s', (_, value) => {
    expect(criticalActionGrades(value, actions)).toEqual({ ok: true, grades: ['hit', 'partial'] });
  });
  it('requires every action', () => {
    expect(criticalActionGrades({ ca1: 'hit' }, actions)).toEqual({
      ok: false, path: ['critical_action_results'], message: 'no result for critical action(s) 2 of 2',
    });
    expect(criticalActionGrades('hit', actions)).toMatchObject({ ok: false, message: 'expected an array or an object of per-action results' });
  });
});

describe('score formats', () => {
  it('detects the published format by scenario_id', () => {
    expect(detectScoreFormat(`\n${line({})}\n`)).toBe('iatrobench');
    expect(detectScoreFormat('{"id":"x"}')).toBe('native');
  });
  it('reads native score lines and locates their errors', () => {
    const r = parse(scoresText);
    if (!r.ok) throw new Error('fixture');
    const text = r.value.slice(0, 2).map((s) => JSON.stringify(s)).join('\n') + '\n';
    const back = parseScoreJsonl('s.jsonl', text);
    expect(back.ok && back.value).toEqual(r.value.slice(0, 2));
    const bad = parseScoreJsonl('s.jsonl', `${JSON.stringify(r.value[0])}\n${JSON.stringify({ ...r.value[1], oh: 'x' })}`);
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(['line 2: $.oh']);
  });
});
