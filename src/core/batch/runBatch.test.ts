import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../caseFile';
import type { Case } from '../caseSchema';
import { runSpecSchema, type RunSpec } from '../run/types';
import { BATCH_KEY_PATTERN } from './batchKey';
import { BATCH_PRICE_FACTOR } from './batchSplit';
import { BatchImportError, matchBatchResults, runBatchItems, type BatchResultLine } from './runBatch';

const parsed = parseCaseFile('seed', readFileSync(join(import.meta.dirname, '../../../scenarios/benzodiazepine-supply-gap.json'), 'utf8'));
if (!parsed.ok) throw new Error('seed case invalid');
const cases: Case[] = ['a', 'b', 'c'].map((id) => ({ ...parsed.value, id: `case-${id}` }));

const specOf = (id: string): RunSpec =>
  runSpecSchema.parse({
    id,
    name: `Run ${id}`,
    created_at: '2026-12-01T00:00:00.000Z',
    case_ids: cases.map((c) => c.id),
    framings: ['layperson', 'physician'],
    models: [{ model_id: 'openai-compatible:gpt-x', model: 'gpt-x', provider: { kind: 'openai-compatible' } }],
    reps: 3,
    params: { temperature: 0.7, max_tokens: 512 },
  });
const spec = specOf('run-20261201000000-ab12');
const price = { input_per_mtok: 2, output_per_mtok: 8 };
const done = (text: string) => ({ kind: 'done' as const, value: { text, finish_reason: 'stop' as const, raw_finish_reason: 'stop', usage: { input_tokens: 100, output_tokens: 50 }, latency_ms: 0, model: 'gpt-x-1' } });
const opts = { price: () => price, priorAttempts: () => 0, now: Date.parse('2026-12-02T00:00:00Z') };

describe('a run as batch items', () => {
  it('gives every cell once, with the live request and a key Anthropic accepts', () => {
    const items = runBatchItems(spec, cases, new Map());
    expect(items).toHaveLength(18);
    expect(new Set(items.map((i) => i.key)).size).toBe(18);
    for (const i of items) expect(i.key).toMatch(BATCH_KEY_PATTERN);
    const first = items[0]!;
    expect(first.sent.request).toEqual({ model: 'gpt-x', messages: [{ role: 'user', content: cases[0]!.framings.layperson!.prompt }], params: { temperature: 0.7, max_tokens: 512 } });
  });

  it('leaves out answered cells and keeps failed ones', () => {
    const stored = new Map([
      ['case-a|layperson|openai-compatible:gpt-x|0', 'ok' as const],
      ['case-a|physician|openai-compatible:gpt-x|0', 'filtered' as const],
      ['case-b|layperson|openai-compatible:gpt-x|0', 'error' as const],
    ]);
    const keys = runBatchItems(spec, cases, stored).map((i) => i.sent.cell.key);
    expect(keys).toHaveLength(16);
    expect(keys).toContain('case-b|layperson|openai-compatible:gpt-x|0');
    expect(keys).not.toContain('case-a|layperson|openai-compatible:gpt-x|0');
  });
});

describe('matching batch results to cells', () => {
  const items = runBatchItems(spec, cases, new Map());
  const line = (i: number, result: BatchResultLine['result'] = done(`answer ${i}`), file = 'out.jsonl'): BatchResultLine => ({ file, line: i + 1, key: items[i]!.key, result });

  it('makes the record a live run stores, at the batch price; a failed item a failed record', () => {
    const records = matchBatchResults(spec, cases, [line(0), line(1, { kind: 'failed', message: 'not reached', expired: true })], { ...opts, priorAttempts: (k) => (k === items[1]!.sent.cell.key ? 1 : 0) });
    expect(records[0]).toMatchObject({ id: `${spec.id}|${items[0]!.sent.cell.key}`, status: 'ok', text: 'answer 0', attempts: 1, request: items[0]!.sent.request });
    expect(records[0]!.cost_usd).toBeCloseTo(((100 * 2 + 50 * 8) / 1e6) * BATCH_PRICE_FACTOR, 12);
    expect(records[1]).toMatchObject({ status: 'error', attempts: 2, text: '' });
    expect(records[1]!.error).toMatch(/expired/);
  });

  it('refuses a result of another run, naming the file and line', () => {
    const other = runBatchItems(specOf('run-other'), cases, new Map());
    const bad = { file: 'other.jsonl', line: 7, key: other[0]!.key, result: done('x') };
    expect(() => matchBatchResults(spec, cases, [line(0), bad], opts)).toThrow(new BatchImportError('other.jsonl', 7, `"${other[0]!.key}" belongs to another run's batch, not to "${spec.name}"`));
  });

  it('refuses a key that is not ours, a cell the run lacks, and a cell answered twice', () => {
    expect(() => matchBatchResults(spec, cases, [{ file: 'f.jsonl', line: 2, key: 'request-1', result: done('x') }], opts)).toThrow(/^f\.jsonl, line 2: "request-1" is not a batch key/);
    const noRep = items[0]!.key.replace(/_n\d+$/, '_n9');
    expect(() => matchBatchResults(spec, cases, [{ file: 'f.jsonl', line: 3, key: noRep, result: done('x') }], opts)).toThrow(/^f\.jsonl, line 3: .* names no cell of "Run/);
    expect(() => matchBatchResults(spec, cases, [line(4, done('x'), 'out.jsonl'), line(4, done('y'), 'err.jsonl')], opts)).toThrow(/^err\.jsonl, line 5: .* was already answered at out\.jsonl, line 5$/);
  });
});
