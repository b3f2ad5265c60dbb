import { afterAll, describe, expect, it } from 'vitest';
import type { ResponseRecord } from '../core/run/types';
import { localScoreRecords } from '../core/scoring/localScoreRecord';
import { loadAnswerSet } from './answerSet';
import { MIN_PER_WORKER, ScorePool, scoreRecordsLocally, splitByCase, workersFor, type ScoreItem } from './parallelScore';

const NOW = '2026-04-11T10:00:00.000Z';
const answers = loadAnswerSet(new URL('../../scenarios/', import.meta.url).pathname);

/** A stored response as `run` writes it, around a labelled answer; `k` varies its shape. */
function record(a: (typeof answers)[number], k: number): ScoreItem {
  const { answer, case: c } = a;
  const prompt = c.framings[answer.framing]!.prompt;
  const shape = k % 7;
  const messages: ResponseRecord['request']['messages'] =
    shape === 3
      ? // A follow-up turn: the scorer reads the last user message.
        [{ role: 'system', content: 'You are a careful assistant.' }, { role: 'user', content: prompt }, { role: 'assistant', content: 'Could you say more?' }, { role: 'user', content: `${prompt} It is urgent.` }]
      : [{ role: 'user', content: prompt }];
  const status = shape === 5 ? 'filtered' : shape === 6 ? 'truncated' : 'ok';
  const text = shape === 5 ? '' : shape === 6 ? answer.response.slice(0, Math.ceil(answer.response.length / 2)) : answer.response;
  const response: ResponseRecord = {
    id: `run-${k}|${answer.id}`,
    run_id: `run-${k}`,
    case_id: c.id,
    framing: answer.framing,
    model_id: `model-${k % 3}`,
    rep: k,
    request: { model: 'm', messages, params: { temperature: 0.7, max_tokens: 2048 } },
    text,
    finish_reason: status === 'filtered' ? 'content_filter' : status === 'truncated' ? 'length' : 'stop',
    raw_finish_reason: null,
    status,
    usage: { input_tokens: 100, output_tokens: 300 },
    latency_ms: 1000,
    cost_usd: null,
    error: null,
    attempts: 1,
    served_model: null,
    started_at: NOW,
    completed_at: NOW,
  };
  return { response, case: c };
}

/** Enough responses for two threads, the cases interleaved (as a shuffled input would have them). */
const reps = Math.ceil((2 * MIN_PER_WORKER) / answers.length);
const items: ScoreItem[] = Array.from({ length: reps }, (_, k) => answers.map((a) => record(a, k)))
  .flat()
  .sort((x, y) => (x.response.text.length % 13) - (y.response.text.length % 13));

const pool = new ScorePool(2);
afterAll(() => pool.close());

describe('local scoring on worker threads', () => {
  it('gives exactly the single-thread records, in input order', { timeout: 180_000 }, async () => {
    expect(answers.length).toBeGreaterThan(400);
    expect(new Set(items.map((x) => x.case)).size).toBeGreaterThan(40);
    const single = localScoreRecords(items, NOW);
    const parallel = await pool.score(items, NOW);
    expect(pool.threads).toBe(1); // and this thread
    expect(parallel.map((r) => r.response_id)).toEqual(items.map((x) => x.response.id));
    expect(parallel).toStrictEqual(single);
    // Again on the same threads: the pool is kept for the next batch.
    expect(await pool.score(items.slice(0, 50), NOW)).toStrictEqual(single.slice(0, 50));
  });

  it('names the response whose scoring failed', { timeout: 180_000 }, async () => {
    // A record no schema would pass: the worker fails reading its request's messages.
    const broken = (x: ScoreItem): ScoreItem => ({ ...x, response: { ...x.response, id: 'the-broken-one', request: { ...x.response.request, messages: null as never } } });
    // Its case object is its own, the last in case order, so it falls in the last shard: a worker's.
    const bad = [...items, broken({ ...items[0]!, case: { ...items[0]!.case } })];
    await expect(pool.score(bad, NOW)).rejects.toThrow(/local scoring failed: response the-broken-one: /);
    await expect(scoreRecordsLocally(bad, NOW)).rejects.toThrow(/local scoring failed: response the-broken-one: /);
    // The pool's threads survive a failed batch and score the next one.
    expect(await pool.score(items.slice(0, 3), NOW)).toStrictEqual(localScoreRecords(items.slice(0, 3), NOW));
  });

  it('scores a small batch on this thread alone', async () => {
    expect(workersFor(10, 8)).toBe(1);
    expect(workersFor(MIN_PER_WORKER * 2 - 1, 8)).toBe(1);
    expect(workersFor(MIN_PER_WORKER * 2, 8)).toBe(2);
    expect(workersFor(MIN_PER_WORKER * 100, 8)).toBe(8);
    const small = new ScorePool(4);
    try {
      expect(await small.score(items.slice(0, 20), NOW)).toStrictEqual(localScoreRecords(items.slice(0, 20), NOW));
      expect(small.threads).toBe(0);
    } finally {
      await small.close();
    }
    expect(await scoreRecordsLocally(items.slice(0, 20), NOW)).toStrictEqual(localScoreRecords(items.slice(0, 20), NOW));
    expect(await scoreRecordsLocally([], NOW)).toEqual([]);
  });

  it('splits by case into runs of about equal text length', () => {
    const shards = splitByCase(items, 4);
    expect(shards).toHaveLength(4);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
    const length = (s: number[]) => s.reduce((n, i) => n + 1 + items[i]!.response.text.length, 0);
    const lengths = shards.map(length);
    const longest = Math.max(...items.map((x) => x.response.text.length + 1));
    for (const l of lengths) expect(Math.abs(l - lengths[0]!)).toBeLessThan(2 * longest);
    // At most one case is split at each of the three cuts.
    const casesIn = shards.map((s) => new Set(s.map((i) => items[i]!.case)));
    const split = [...new Set(items.map((x) => x.case))].filter((c) => casesIn.filter((s) => s.has(c)).length > 1);
    expect(split.length).toBeLessThanOrEqual(3);
  });
});
