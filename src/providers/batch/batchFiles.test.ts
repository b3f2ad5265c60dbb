import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedAnswer, startProviderServer, type ProviderServer } from '../../../tests/providerServer/server';
import { parseCaseFile } from '../../core/caseFile';
import type { Case } from '../../core/caseSchema';
import { cellKey, type ApiProviderKind } from '../../core/domain';
import { matchBatchResults, runBatchItems } from '../../core/batch/runBatch';
import { runSpecSchema, type ResponseRecord, type RunSpec } from '../../core/run/types';
import { batchRequestFiles, readBatchResults } from './batchFiles';

/**
 * The app's batch files end to end over HTTP: a run of 3 cases x 2 framings x 3 reps exported as
 * each provider's request file, that file submitted as it is to the provider test server's batch
 * endpoints (plain HTTP, as a console upload would), the results files read back and matched to
 * the run's 18 cells, with errored and expired items as failed records.
 */

const KEY = 'sk-app-batch-0123456789abcdef';
let server: ProviderServer;
beforeAll(async () => void (server = await startProviderServer({ apiKey: KEY, batchPollsPerState: 0 })));
afterAll(() => server.close());
beforeEach(() => server.reset());

const seed = parseCaseFile('seed', readFileSync(join(import.meta.dirname, '../../../scenarios/benzodiazepine-supply-gap.json'), 'utf8'));
if (!seed.ok) throw new Error('seed case invalid');
const cases: Case[] = ['a', 'b', 'c'].map((id) => ({
  ...seed.value,
  id: `case-${id}`,
  framings: Object.fromEntries(Object.entries(seed.value.framings).map(([k, f]) => [k, { ...f, prompt: `${f.prompt} (${id})` }])),
}));
const specFor = (kind: ApiProviderKind): RunSpec =>
  runSpecSchema.parse({
    id: `run-${kind}`,
    name: `Batch drill ${kind}`,
    created_at: '2026-12-01T00:00:00.000Z',
    case_ids: cases.map((c) => c.id),
    framings: ['layperson', 'physician'],
    models: [{ model_id: `${kind}:test-model`, model: 'test-model', provider: { kind } }],
    reps: 3,
    params: { temperature: 0.7, max_tokens: 256 },
  });

async function http(path: string, init: RequestInit & { kind: ApiProviderKind }): Promise<Response> {
  const auth: Record<string, string> = init.kind === 'anthropic' ? { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } : init.kind === 'gemini' ? { 'x-goog-api-key': KEY } : { authorization: `Bearer ${KEY}` };
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}
const json = async (path: string, init: RequestInit & { kind: ApiProviderKind }) => (await http(path, init)).json() as Promise<Record<string, string>>;

/** Submits the exported file as the provider's console would, and returns the results files. */
async function submitAndCollect(kind: ApiProviderKind, text: string): Promise<{ name: string; text: string }[]> {
  if (kind === 'openai-compatible') {
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([text]), 'requests.jsonl');
    const file = await json('/v1/files', { kind, method: 'POST', body: form });
    const created = await json('/v1/batches', { kind, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }) });
    const b = await json(`/v1/batches/${created.id}`, { kind });
    expect(b.status).toMatch(/completed|expired/);
    const files: { name: string; text: string }[] = [];
    for (const [name, id] of [['output.jsonl', b.output_file_id], ['errors.jsonl', b.error_file_id]] as const) {
      if (id) files.push({ name, text: await (await http(`/v1/files/${id}/content`, { kind })).text() });
    }
    return files;
  }
  if (kind === 'anthropic') {
    const created = await json('/v1/messages/batches', { kind, method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    const b = await json(`/v1/messages/batches/${created.id}`, { kind });
    expect(b.processing_status).toBe('ended');
    return [{ name: 'results.jsonl', text: await (await http(`/v1/messages/batches/${created.id}/results`, { kind })).text() }];
  }
  // Gemini's file lines ({key, request}) inlined as the REST create call takes them.
  const requests = text.trim().split('\n').map((l) => JSON.parse(l) as { key: string; request: unknown }).map((l) => ({ request: l.request, metadata: { key: l.key } }));
  const op = await json('/v1beta/models/test-model:batchGenerateContent', { kind, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batch: { inputConfig: { requests: { requests } } } }) });
  const name = String(op.name).replace(/^batches\//, '');
  return [{ name: 'batch.json', text: await (await http(`/v1beta/batches/${name}`, { kind })).text() }];
}

describe.each(['openai-compatible', 'anthropic', 'gemini'] as const)('a %s batch file, submitted and read back', (kind) => {
  it('stores 18 records matched to their cells: answers as the live endpoint gives them, errored and expired items failed', async () => {
    const spec = specFor(kind);
    const items = runBatchItems(spec, cases, new Map());
    const files = batchRequestFiles(kind, spec.name, items.map((i) => ({ key: i.key, request: i.sent.request })));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ requests: 18, name: `Batch-drill-${kind}-${kind === 'openai-compatible' ? 'openai' : kind}${kind === 'anthropic' ? '' : '-test-model'}.${kind === 'anthropic' ? 'json' : 'jsonl'}` });
    expect(files[0]!.text).not.toContain(KEY);

    // Item 2 errors; the batch expires after 15 items, so the last 3 are expired.
    server.control({ batchOutcomes: [{ errorItems: [2], errorStatus: 500, expireAfter: 15 }] });
    const results = await submitAndCollect(kind, files[0]!.text);
    const lines = results.flatMap((f) => readBatchResults(f.name, f.text));
    const records = matchBatchResults(spec, cases, lines, { price: () => ({ input_per_mtok: 1, output_per_mtok: 2 }), priorAttempts: () => 0, now: Date.now() });
    expect(server.stats().batches).toMatchObject({ [kind === 'openai-compatible' ? 'openai' : kind]: 1 });

    expect(new Set(records.map((r) => r.id))).toEqual(new Set(items.map((i) => `${spec.id}|${i.sent.cell.key}`)));
    const byCell = new Map<string, ResponseRecord>(records.map((r) => [cellKey(r), r]));
    const failed = items.map((i, n) => [n, byCell.get(i.sent.cell.key)!] as const).filter(([, r]) => r.status === 'error').map(([n]) => n);
    expect(failed).toEqual([2, 15, 16, 17]);
    expect(byCell.get(items[17]!.sent.cell.key)!.error).toMatch(/expired/i);
    const ok = byCell.get(items[0]!.sent.cell.key)!;
    const lastUser = items[0]!.sent.request.messages.at(-1)!.content;
    expect(ok).toMatchObject({ status: 'ok', text: expectedAnswer('test-model', lastUser), request: items[0]!.sent.request });
    expect(ok.cost_usd).not.toBeNull();
  });
});

describe('batch request files', () => {
  it('split at the limits, one model per file where the provider needs it', () => {
    const spec = runSpecSchema.parse({ ...specFor('openai-compatible'), models: ['m1', 'm2'].map((m) => ({ model_id: `openai-compatible:${m}`, model: m, provider: { kind: 'openai-compatible' } })) });
    const requests = runBatchItems(spec, cases, new Map()).map((i) => ({ key: i.key, request: i.sent.request }));
    const files = batchRequestFiles('openai-compatible', 'x', requests, {}, { maxRequests: 7, maxBytes: 10_000_000 });
    expect(files.map((f) => [f.name, f.requests, f.model])).toEqual([
      ['x-openai-m1-part1of3.jsonl', 7, 'm1'],
      ['x-openai-m1-part2of3.jsonl', 7, 'm1'],
      ['x-openai-m1-part3of3.jsonl', 4, 'm1'],
      ['x-openai-m2-part1of3.jsonl', 7, 'm2'],
      ['x-openai-m2-part2of3.jsonl', 7, 'm2'],
      ['x-openai-m2-part3of3.jsonl', 4, 'm2'],
    ]);
    const anthropic = batchRequestFiles('anthropic', 'x', requests, {}, { maxRequests: 20, maxBytes: 10_000_000 });
    expect(anthropic.map((f) => [f.name, f.requests])).toEqual([['x-anthropic-part1of2.json', 20], ['x-anthropic-part2of2.json', 16]]);
    expect(JSON.parse(anthropic[1]!.text).requests[0].params.model).toBe('m1');
  });
});

describe('reading results files', () => {
  it('names the file and line of a line it cannot read', () => {
    const good = JSON.stringify({ custom_id: 'k1', response: { status_code: 200, body: { choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }] } }, error: null });
    expect(() => readBatchResults('out.jsonl', `${good}\n\n{"custom_id": "k2", "respo`)).toThrow(/^out\.jsonl, line 3: not a JSON line/);
    expect(() => readBatchResults('notes.jsonl', `${good}\n{"id": 1}`)).toThrow(/^notes\.jsonl, line 2: this is not a result line/);
    expect(() => readBatchResults('r.jsonl', JSON.stringify({ custom_id: 'k', result: { type: 'weird' } }))).toThrow(/^r\.jsonl, line 1: result type "weird"/);
    expect(() => readBatchResults('empty.jsonl', '\n\n')).toThrow(/^empty\.jsonl, line 1: the file holds no results/);
  });
});
