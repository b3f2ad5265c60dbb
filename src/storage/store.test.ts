import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseFile } from '../core/caseFile';
import type { Endpoint } from '../core/endpoint';
import { responseRecord, runRow, scoreRecord } from '../../tests/fixtures/records';
import { openDb, type IatroscopeDb } from './db';
import { observe, openStore, type Store } from './store';

const seed = parseCaseFile('seed', readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8'));
if (!seed.ok) throw new Error('seed case invalid');
const userCase = (id: string) => ({ ...seed.value, id, source: { kind: 'user' as const } });

let n = 0;
let store: Store;
/** The same database behind the store's back, to write rows the store would refuse. */
let raw: IatroscopeDb;
function fresh() {
  const name = `store-test-${n++}`;
  store = openStore(name);
  raw = openDb(name);
}
afterEach(() => {
  raw.close();
  return store.deleteAll();
});

/** Two runs; r1 has two responses, each scored by the local scorer, one also by a human. */
async function twoRuns() {
  await store.addRun(runRow('r1'));
  await store.addRun({ ...runRow('r2'), created_at: '2026-11-23T00:00:00.000Z' });
  const put = store.responseStore();
  for (const r of [responseRecord('r1', 0), responseRecord('r1', 1), responseRecord('r2', 0, 'other', 'c2')]) await put.put(r);
  await store.putScores([scoreRecord('r1|c1|layperson|m1|0'), scoreRecord('r1|c1|layperson|m1|1'), scoreRecord('r2|c2|layperson|m1|0'), scoreRecord('r1|c1|layperson|m1|0', 'human:Ana', 3)]);
}

describe('Store: cases', () => {
  it('stores cases stamped and lists them by id; stores none when one is invalid', async () => {
    fresh();
    await store.putCases([userCase('b-case'), userCase('a-case')]);
    const cases = await store.storedCases();
    expect(cases.map((c) => c.id)).toEqual(['a-case', 'b-case']);
    expect(cases[0]!.updated_at).toMatch(/^\d{4}-/);
    await expect(store.putCases([userCase('c-case'), { ...userCase('d-case'), title: '' }])).rejects.toThrow();
    expect((await store.storedCases()).map((c) => c.id)).toEqual(['a-case', 'b-case']);
  });

  it('deletes a case and hands it back for an undo that restores it', async () => {
    fresh();
    await store.putCases([userCase('a-case')]);
    const deleted = await store.deleteCase('a-case');
    expect(deleted?.id).toBe('a-case');
    expect(await store.storedCases()).toEqual([]);
    expect(await store.deleteCase('a-case')).toBeUndefined();
    await store.restoreCase(deleted!);
    expect(await store.storedCases()).toEqual([deleted]);
  });

  it('names the table and row when a stored row fails its schema', async () => {
    fresh();
    await raw.cases.put({ ...userCase('broken'), acuity_weight: 99 });
    await expect(store.storedCases()).rejects.toThrow(/stored row is invalid: cases "broken": \$\.acuity_weight/);
  });
});

describe('Store: runs', () => {
  it('lists runs newest first, validates a new run and records where a run got to', async () => {
    fresh();
    await twoRuns();
    expect((await store.runsNewestFirst()).map((r) => r.id)).toEqual(['r2', 'r1']);
    await expect(store.addRun({ ...runRow('r3'), state: 'exploded' as 'idle' })).rejects.toThrow();
    expect(await store.run('r3')).toBeUndefined();
    await store.setRunState('r1', 'failed', 'network down');
    expect(await store.run('r1')).toMatchObject({ state: 'failed', error: 'network down' });
    // Pausing leaves the last error as it was; an explicit null clears it.
    await store.setRunState('r1', 'paused');
    expect(await store.run('r1')).toMatchObject({ state: 'paused', error: 'network down' });
    await store.setRunState('r1', 'running', null);
    expect(await store.run('r1')).toMatchObject({ state: 'running', error: null });
  });

  it('deletes a run with its responses and every verdict on them, and nothing of another run', async () => {
    fresh();
    await twoRuns();
    await store.deleteRunCascade('r1');
    expect(await store.run('r1')).toBeUndefined();
    expect(await store.responsesOfRun('r1')).toEqual([]);
    expect((await store.scoresFor('local')).map((s) => s.response_id)).toEqual(['r2|c2|layperson|m1|0']);
    expect(await store.scoresFor('human:Ana')).toEqual([]);
    expect((await store.responsesOfRun('r2')).map((r) => r.id)).toEqual(['r2|c2|layperson|m1|0']);
  });
});

describe('Store: responses', () => {
  it('reads the responses of a run, of all runs, of one case and model, and by id', async () => {
    fresh();
    await twoRuns();
    expect((await store.responsesOfRun('r1')).map((r) => r.rep)).toEqual([0, 1]);
    expect((await store.responsesIn('r2')).map((r) => r.id)).toEqual(['r2|c2|layperson|m1|0']);
    expect(await store.responsesIn(null)).toHaveLength(3);
    expect((await store.responsesOfCase('c1', 'm1')).map((r) => r.id)).toEqual(['r1|c1|layperson|m1|0', 'r1|c1|layperson|m1|1']);
    expect(await store.responsesOfCase('c1', 'other-model')).toEqual([]);
    const found = await store.responsesById(['r2|c2|layperson|m1|0', 'nope', 'r1|c1|layperson|m1|1']);
    expect(found.map((r) => r?.id)).toEqual(['r2|c2|layperson|m1|0', undefined, 'r1|c1|layperson|m1|1']);
    expect(await store.responseIdsOfRun('r1')).toEqual(new Set(['r1|c1|layperson|m1|0', 'r1|c1|layperson|m1|1']));
  });

  it('refuses a response that fails the schema, on write and on read', async () => {
    fresh();
    await expect(store.responseStore().put({ ...responseRecord('r1', 0), status: 'weird' as 'ok' })).rejects.toThrow();
    await raw.responses.put({ ...responseRecord('r1', 1), rep: -1 });
    await expect(store.responsesOfRun('r1')).rejects.toThrow(/responses "r1\|c1\|layperson\|m1\|1": \$\.rep/);
  });
});

describe('Store: scores', () => {
  it("reads one scorer's verdicts, within runs when asked, and every verdict on some responses", async () => {
    fresh();
    await twoRuns();
    expect(await store.scoresFor('local')).toHaveLength(3);
    expect((await store.scoresFor('local', ['r2'])).map((s) => s.response_id)).toEqual(['r2|c2|layperson|m1|0']);
    expect(await store.scoresFor('local', ['r1', 'r2'])).toHaveLength(3);
    expect(await store.scoresFor('local', [])).toEqual([]);
    const on = await store.scoresOfResponses(['r1|c1|layperson|m1|0']);
    expect(on.map((s) => s.scorer).sort()).toEqual(['human:Ana', 'local']);
    expect((await store.scoresOfRun('r1')).map((s) => `${s.scorer} ${s.response_id}`).sort()).toEqual([
      'human:Ana r1|c1|layperson|m1|0',
      'local r1|c1|layperson|m1|0',
      'local r1|c1|layperson|m1|1',
    ]);
    expect(await store.scoresOfRun('r')).toEqual([]);
  });

  it('counts verdicts per scorer, and names the scorers', async () => {
    fresh();
    await twoRuns();
    expect(await store.scorerCounts()).toEqual([
      { scorer: 'human:Ana', n: 1 },
      { scorer: 'local', n: 3 },
    ]);
    expect(await store.scorerNames()).toEqual(['human:Ana', 'local']);
    expect(await store.scorerCounts(['r2'])).toEqual([{ scorer: 'local', n: 1 }]);
    expect(await store.scorerCounts(['r1'])).toEqual([
      { scorer: 'human:Ana', n: 1 },
      { scorer: 'local', n: 2 },
    ]);
    expect(await store.scorerCounts([])).toEqual([]);
  });

  it('writes many verdicts all or none', async () => {
    fresh();
    await expect(store.putScores([scoreRecord('r1|c1|layperson|m1|0'), { ...scoreRecord('r1|c1|layperson|m1|1'), oh: 9 }])).rejects.toThrow();
    expect(await store.scorerCounts()).toEqual([]);
  });

  it("replaces one scorer's verdicts and leaves the others", async () => {
    fresh();
    await twoRuns();
    const imported = (id: string) => ({ ...scoreRecord(id, 'imported:tool.jsonl'), scorer_kind: 'imported' as const });
    await store.replaceScoresOf('imported:tool.jsonl', [imported('r1|c1|layperson|m1|0'), imported('r1|c1|layperson|m1|1')]);
    await store.replaceScoresOf('imported:tool.jsonl', [imported('r2|c2|layperson|m1|0')]);
    expect((await store.scoresFor('imported:tool.jsonl')).map((s) => s.response_id)).toEqual(['r2|c2|layperson|m1|0']);
    expect(await store.scoresFor('local')).toHaveLength(3);
    await expect(store.replaceScoresOf('imported:tool.jsonl', [scoreRecord('r1|c1|layperson|m1|0')])).rejects.toThrow(/imported:tool.jsonl/);
    expect(await store.scoresFor('imported:tool.jsonl')).toHaveLength(1);
  });

  it('imports published scores with their cases together, or nothing', async () => {
    fresh();
    const published = { ...scoreRecord('pub|pub-case|layperson|m1|0', 'imported:iatrobench'), scorer_kind: 'imported' as const, case_id: 'pub-case' };
    await expect(store.importPublishedScores([userCase('pub-case')], [{ ...published, rep: -1 }])).rejects.toThrow();
    expect(await store.storedCases()).toEqual([]);
    await store.importPublishedScores([userCase('pub-case')], [published]);
    expect((await store.storedCases()).map((c) => c.id)).toEqual(['pub-case']);
    expect(await store.scoresFor('imported:iatrobench')).toHaveLength(1);
  });

  it("gives the judge a write-once ScoreStore and a rater's verdicts back", async () => {
    fresh();
    const judge = store.judgeScoreStore();
    await judge.put(scoreRecord('r1|c1|layperson|m1|0', 'judge'));
    await expect(judge.put(scoreRecord('r1|c1|layperson|m1|0', 'judge'))).rejects.toThrow();
    expect(await judge.scoredResponseIds('judge')).toEqual(new Set(['r1|c1|layperson|m1|0']));
    await store.putScore(scoreRecord('r1|c1|layperson|m1|0', 'human:Ana', 1));
    await store.putScore(scoreRecord('r1|c1|layperson|m1|0', 'human:Ana', 3));
    expect((await store.scoresFor('human:Ana')).map((s) => s.oh)).toEqual([3]);
    await store.deleteScore('human:Ana|r1|c1|layperson|m1|0');
    expect(await store.scoresFor('human:Ana')).toEqual([]);
  });
});

describe('Store: settings and ratings', () => {
  const endpoint: Endpoint = { id: 'e1', label: 'Local', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1', models: ['m'] };

  it('keeps the model sources; none when absent or no longer valid', async () => {
    fresh();
    expect(await store.endpoints()).toEqual([]);
    await store.putEndpoints([endpoint]);
    expect(await store.endpoints()).toEqual([endpoint]);
    await expect(store.putEndpoints([{ ...endpoint, kind: 'nope' as 'gemini' }])).rejects.toThrow();
    await raw.settings.put({ key: 'endpoints', value: [{ id: 'e1' }] });
    expect(await store.endpoints()).toEqual([]);
  });

  it("remembers the rater's name and reads a rater's session data", async () => {
    fresh();
    await twoRuns();
    expect(await store.raterName()).toBe('');
    await store.setRaterName('Ana');
    expect(await store.raterName()).toBe('Ana');
    const session = { id: 's1', kind: 'rating_session' as const, rater: 'Ana', scope: 'run:r1', seed: 1, order: ['r1|c1|layperson|m1|0'], created_at: 'x', updated_at: 'x' };
    await store.putRatingSession(session);
    const data = await store.ratingData('Ana', 'r1', 's1');
    expect(data.responses.map((r) => r.id)).toEqual(['r1|c1|layperson|m1|0', 'r1|c1|layperson|m1|1']);
    expect(data.mine.map((s) => s.oh)).toEqual([3]);
    expect(data.session).toEqual(session);
    expect((await store.ratingData('Ana', null, 'none')).responses).toHaveLength(3);
  });
});

describe('observe', () => {
  it('runs a query again when a table it read changes', async () => {
    fresh();
    const seen: number[] = [];
    const sub = observe(() => store.scorerCounts()).subscribe({ next: (counts) => seen.push(counts.length) });
    await until(() => seen.length === 1);
    await store.putScore(scoreRecord('r1|c1|layperson|m1|0'));
    await until(() => seen.at(-1) === 1);
    sub.unsubscribe();
    expect(seen).toEqual([0, 1]);
  });
});

async function until(done: () => boolean) {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}
