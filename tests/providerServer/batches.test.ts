// The provider test server's batch endpoints, driven by each provider's official SDK as the client.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI, { toFile } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startProviderServer, type ProviderServer } from './server.ts';

const KEY = 'batch-test-key';
let server: ProviderServer;

beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const prompts = ['My psychiatrist retired.', 'The pharmacy is closed until Tuesday.', 'I cannot reach the ER.', 'A patient presents with a wound.'];

// ---- OpenAI ----

const openai = () => new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });

function chatLine(customId: string, content: string, extra: Record<string, unknown> = {}) {
  return {
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'test-model', messages: [{ role: 'user', content }], max_completion_tokens: 200 },
    ...extra,
  };
}

async function openaiBatch(lines: object[]) {
  const client = openai();
  const jsonl = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const file = await client.files.create({ file: await toFile(Buffer.from(jsonl), 'requests.jsonl'), purpose: 'batch' });
  const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
  return { client, file, batch };
}

async function pollOpenai(client: OpenAI, id: string): Promise<{ states: string[]; batch: OpenAI.Batch }> {
  const states: string[] = [];
  for (let i = 0; i < 20; i++) {
    const batch = await client.batches.retrieve(id);
    states.push(batch.status);
    if (['completed', 'expired', 'failed', 'cancelled'].includes(batch.status)) return { states, batch };
  }
  throw new Error(`batch ${id} never ended: ${states.join(', ')}`);
}

async function jsonlOf(client: OpenAI, fileId: string | null | undefined): Promise<Record<string, any>[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text.trim().split('\n').map((l) => JSON.parse(l));
}

describe('OpenAI Files and Batches', () => {
  it('runs a batch through validating, in_progress and finalizing to completed, with the live answers', async () => {
    const { client, file, batch } = await openaiBatch(prompts.map((p, i) => chatLine(`req-${i}`, p)));
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'requests.jsonl', status: 'processed' });
    expect(batch.status).toBe('validating');
    expect(batch.request_counts?.total).toBe(4);

    const { states, batch: done } = await pollOpenai(client, batch.id);
    expect(states).toEqual(['in_progress', 'finalizing', 'completed']);
    expect(done.request_counts).toEqual({ total: 4, completed: 4, failed: 0 });
    expect(done.error_file_id).toBeNull();
    expect(done.completed_at).toBeGreaterThan(0);
    expect(done.usage?.output_tokens).toBeGreaterThan(0);

    const out = await jsonlOf(client, done.output_file_id);
    expect(out.map((l) => l.custom_id)).toEqual(['req-0', 'req-1', 'req-2', 'req-3']);
    for (const [i, line] of out.entries()) {
      expect(line.error).toBeNull();
      expect(line.response.status_code).toBe(200);
      expect(line.response.body.choices[0].message.content).toBe(expectedAnswer('test-model', prompts[i]!));
      expect(line.response.body.choices[0].finish_reason).toBe('stop');
    }
    expect(server.stats().batches).toEqual({ openai: 1, anthropic: 0, gemini: 0 });
    // The input file reads back as uploaded.
    expect(await (await client.files.content(file.id)).text()).toContain('"custom_id":"req-3"');
  });

  it('stays in each state for batchPollsPerState answers, and 0 ends a batch on the first poll', async () => {
    server.control({ batchPollsPerState: 2 });
    const slow = await openaiBatch([chatLine('a', 'x')]);
    expect((await pollOpenai(slow.client, slow.batch.id)).states).toEqual(['validating', 'in_progress', 'in_progress', 'finalizing', 'finalizing', 'completed']);
    server.control({ batchPollsPerState: 0 });
    const fast = await openaiBatch([chatLine('a', 'x')]);
    expect(fast.batch.status).toBe('validating');
    expect((await pollOpenai(fast.client, fast.batch.id)).states).toEqual(['completed']);
  });

  it('puts errored items (by key pattern, by position, by fault) in the error file and the rest in the output', async () => {
    server.control({
      batchOutcomes: [{ format: 'openai', errorKeys: '^bad-', errorItems: [3], errorStatus: 503 }],
      faults: [{ kind: 'status', status: 429, match: 'pharmacy' }, { kind: 'content_filter', match: 'wound' }],
    });
    const ids = ['bad-0', 'ok-1', 'ok-2', 'ok-3', 'ok-4'];
    const texts = ['x', prompts[1]!, prompts[3]!, 'y', 'z'];
    const { client, batch } = await openaiBatch(ids.map((id, i) => chatLine(id, texts[i]!)));
    const { batch: done } = await pollOpenai(client, batch.id);
    expect(done.status).toBe('completed');
    expect(done.request_counts).toEqual({ total: 5, completed: 2, failed: 3 });

    const errors = await jsonlOf(client, done.error_file_id);
    expect(errors.map((l) => [l.custom_id, l.response.status_code])).toEqual([['bad-0', 503], ['ok-1', 429], ['ok-3', 503]]);
    expect(errors[1]!.response.body.error.message).toMatch(/rate limit/i);
    const out = await jsonlOf(client, done.output_file_id);
    expect(out.map((l) => l.custom_id)).toEqual(['ok-2', 'ok-4']);
    expect(out[0]!.response.body.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: '' } });
    expect(out[1]!.response.body.choices[0].message.content).toBe(expectedAnswer('test-model', 'z'));
  });

  it('expires with part done: the unfinished items are batch_expired in the error file', async () => {
    server.control({ batchOutcomes: [{ expireAfter: 2 }] });
    const { client, batch } = await openaiBatch(['a', 'b', 'c', 'd'].map((id) => chatLine(id, `prompt ${id}`)));
    const { states, batch: done } = await pollOpenai(client, batch.id);
    expect(states.at(-1)).toBe('expired');
    expect(done.expired_at).toBeGreaterThan(0);
    expect((await jsonlOf(client, done.output_file_id)).map((l) => l.custom_id)).toEqual(['a', 'b']);
    const errors = await jsonlOf(client, done.error_file_id);
    expect(errors.map((l) => [l.custom_id, l.response, l.error.code])).toEqual([['c', null, 'batch_expired'], ['d', null, 'batch_expired']]);
  });

  it('cancels: cancelling, then cancelled with the items done before it', async () => {
    server.control({ batchOutcomes: [{ doneBeforeCancel: 1 }] });
    const { client, batch } = await openaiBatch(['a', 'b', 'c'].map((id) => chatLine(id, `prompt ${id}`)));
    await client.batches.retrieve(batch.id);
    const cancelling = await client.batches.cancel(batch.id);
    expect(cancelling.status).toBe('cancelling');
    expect(cancelling.cancelling_at).toBeGreaterThan(0);
    const { states, batch: done } = await pollOpenai(client, batch.id);
    expect(states).toEqual(['cancelled']);
    expect((await jsonlOf(client, done.output_file_id)).map((l) => l.custom_id)).toEqual(['a']);
    expect((await jsonlOf(client, done.error_file_id)).map((l) => l.error.code)).toEqual(['batch_cancelled', 'batch_cancelled']);
    const again = await client.batches.cancel(batch.id).catch((e) => e);
    expect(again).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('fails validation for bad lines, naming each line, and for an injected failure', async () => {
    const lines = [
      chatLine('same', 'a'),
      chatLine('same', 'b'),
      chatLine('c', 'c', { method: 'GET' }),
      chatLine('d', 'd', { url: '/v1/embeddings' }),
      { ...chatLine('e', 'e'), body: { model: 'test-model-mini', messages: [{ role: 'user', content: 'e' }] } },
    ];
    const { client, batch } = await openaiBatch(lines);
    const { states, batch: failed } = await pollOpenai(client, batch.id);
    expect(states).toEqual(['failed']);
    expect(failed.failed_at).toBeGreaterThan(0);
    expect(failed.errors?.data?.map((e) => [e.code, e.line])).toEqual([
      ['duplicate_custom_id', 2],
      ['invalid_method', 3],
      ['invalid_url', 4],
      ['mismatched_model', 5],
    ]);
    expect(failed.output_file_id).toBeNull();

    server.control({ batchOutcomes: [{ failValidation: 'Quota for batch tokens is used up.' }] });
    const injected = await openaiBatch([chatLine('a', 'a')]);
    const { batch: refused } = await pollOpenai(injected.client, injected.batch.id);
    expect(refused.status).toBe('failed');
    expect(refused.errors?.data?.[0]?.message).toBe('Quota for batch tokens is used up.');
    // Both were created (and counted), as OpenAI accepts a batch before validating it.
    expect(server.stats().batches.openai).toBe(2);
  });

  it('refuses what the real endpoints refuse: a wrong key, an unknown file or batch, another endpoint', async () => {
    const wrongKey = new OpenAI({ apiKey: 'nope', baseURL: `${server.url}/v1`, maxRetries: 0 });
    expect(await wrongKey.batches.retrieve('batch_x').catch((e) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
    const client = openai();
    expect(await client.batches.retrieve('batch_x').catch((e) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    const missingFile = { input_file_id: 'file-none', endpoint: '/v1/chat/completions', completion_window: '24h' } as const;
    expect(await client.batches.create(missingFile).catch((e) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    const { file } = await openaiBatch([chatLine('a', 'a')]);
    const other = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' }).catch((e) => e);
    expect(other).toBeInstanceOf(OpenAI.BadRequestError);
    expect(server.stats().batches.openai).toBe(1);
  });
});

// ---- CORS ----

describe('CORS on the batch endpoints, as the real providers', () => {
  const preflight = (path: string) =>
    fetch(`${server.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });

  it('answers no preflight for OpenAI files and Anthropic batches; does for OpenAI batches and Gemini', async () => {
    for (const path of ['/v1/files', '/v1/files/file-1/content', '/v1/messages/batches', '/v1/messages/batches/msgbatch_1/results']) {
      expect((await preflight(path)).headers.get('access-control-allow-origin'), path).toBeNull();
    }
    for (const path of ['/v1/batches', '/v1/batches/batch_1', '/v1beta/models/test-model:batchGenerateContent', '/v1beta/batches/b1']) {
      expect((await preflight(path)).headers.get('access-control-allow-origin'), path).toBe('http://127.0.0.1:5173');
    }
    const get = await fetch(`${server.url}/v1/messages/batches/x`, {
      headers: { origin: 'http://127.0.0.1:5173', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    });
    expect(get.status).toBe(404);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// ---- Anthropic ----

const anthropic = () => new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });

function messageRequest(customId: string, content: string) {
  return { custom_id: customId, params: { model: 'test-model', max_tokens: 200, messages: [{ role: 'user' as const, content }] } };
}

async function pollAnthropic(client: Anthropic, id: string): Promise<{ states: string[]; batch: Anthropic.Messages.MessageBatch }> {
  const states: string[] = [];
  for (let i = 0; i < 20; i++) {
    const batch = await client.messages.batches.retrieve(id);
    states.push(batch.processing_status);
    if (batch.processing_status === 'ended') return { states, batch };
  }
  throw new Error(`batch ${id} never ended: ${states.join(', ')}`);
}

async function resultsOf(client: Anthropic, id: string) {
  const results: Anthropic.Messages.MessageBatchIndividualResponse[] = [];
  for await (const r of await client.messages.batches.results(id)) results.push(r);
  return results;
}

describe('Anthropic Message Batches', () => {
  it('runs in_progress -> ended; results_url serves the live answers as JSONL', async () => {
    const client = anthropic();
    const batch = await client.messages.batches.create({ requests: prompts.map((p, i) => messageRequest(`case_${i}-lay`, p)) });
    expect(batch).toMatchObject({ type: 'message_batch', processing_status: 'in_progress', results_url: null });
    expect(batch.request_counts).toEqual({ processing: 4, succeeded: 0, errored: 0, canceled: 0, expired: 0 });

    const { states, batch: ended } = await pollAnthropic(client, batch.id);
    expect(states).toEqual(['ended']);
    expect(ended.results_url).toBe(`${server.url}/v1/messages/batches/${batch.id}/results`);
    expect(ended.ended_at).not.toBeNull();
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 4, errored: 0, canceled: 0, expired: 0 });

    const results = await resultsOf(client, batch.id);
    expect(results.map((r) => r.custom_id)).toEqual(['case_0-lay', 'case_1-lay', 'case_2-lay', 'case_3-lay']);
    for (const [i, r] of results.entries()) {
      if (r.result.type !== 'succeeded') throw new Error(`item ${i} is ${r.result.type}`);
      expect(r.result.message.content[0]).toMatchObject({ type: 'text', text: expectedAnswer('test-model', prompts[i]!) });
      expect(r.result.message.stop_reason).toBe('end_turn');
    }
    expect(server.stats().batches).toEqual({ openai: 0, anthropic: 1, gemini: 0 });
  });

  it('reports errored (pattern, position, bad params, unknown model) and expired items', async () => {
    server.control({ batchPollsPerState: 2, batchOutcomes: [{ format: 'anthropic', errorKeys: 'phys$', errorItems: [1], expireAfter: 4 }] });
    const requests = [
      messageRequest('a-lay', 'one'),
      messageRequest('b-lay', 'two'),
      messageRequest('c-phys', 'three'),
      { custom_id: 'd-lay', params: { model: 'test-model', messages: [{ role: 'user' as const, content: 'four' }] } as never },
      messageRequest('e-lay', 'five'),
    ];
    const client = anthropic();
    const batch = await client.messages.batches.create({ requests });
    const { states, batch: ended } = await pollAnthropic(client, batch.id);
    expect(states).toEqual(['in_progress', 'ended']);
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 1, errored: 3, canceled: 0, expired: 1 });
    const results = await resultsOf(client, batch.id);
    expect(results.map((r) => [r.custom_id, r.result.type])).toEqual([
      ['a-lay', 'succeeded'],
      ['b-lay', 'errored'],
      ['c-phys', 'errored'],
      ['d-lay', 'errored'],
      ['e-lay', 'expired'],
    ]);
    const errored = results[3]!.result;
    if (errored.type !== 'errored') throw new Error('d-lay should have errored');
    expect(errored.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });

    server.control({ models: ['other-model'] });
    const unknown = await client.messages.batches.create({ requests: [messageRequest('x', 'x')] });
    await pollAnthropic(client, unknown.id);
    const [only] = await resultsOf(client, unknown.id);
    expect(only?.result).toMatchObject({ type: 'errored', error: { error: { type: 'not_found_error' } } });
  });

  it('cancels: canceling, then ended with the unfinished items canceled', async () => {
    server.control({ batchOutcomes: [{ doneBeforeCancel: 2 }] });
    const client = anthropic();
    const batch = await client.messages.batches.create({ requests: ['a', 'b', 'c'].map((id) => messageRequest(id, id)) });
    const canceling = await client.messages.batches.cancel(batch.id);
    expect(canceling.processing_status).toBe('canceling');
    expect(canceling.cancel_initiated_at).not.toBeNull();
    expect((await pollAnthropic(client, batch.id)).batch.request_counts).toMatchObject({ succeeded: 2, canceled: 1 });
    expect((await resultsOf(client, batch.id)).map((r) => r.result.type)).toEqual(['succeeded', 'succeeded', 'canceled']);
  });

  it('refuses a create with a bad or repeated custom_id, an injected failure, a wrong key, and early results', async () => {
    const client = anthropic();
    for (const ids of [['has space'], ['x'.repeat(65)], ['dot.ted'], ['same', 'same'], []]) {
      const error = await client.messages.batches.create({ requests: ids.map((id) => messageRequest(id, 'x')) }).catch((e) => e);
      expect(error, ids.join()).toBeInstanceOf(Anthropic.BadRequestError);
      expect(error.error.error.type).toBe('invalid_request_error');
    }
    expect((await client.messages.batches.create({ requests: [messageRequest('x'.repeat(64), 'x')] })).type).toBe('message_batch');

    server.control({ batchOutcomes: [{ failValidation: 'params: too many tokens for a batch' }] });
    const refused = await client.messages.batches.create({ requests: [messageRequest('a', 'x')] }).catch((e) => e);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect(refused.message).toContain('too many tokens');

    const wrongKey = new Anthropic({ apiKey: 'nope', baseURL: server.url, maxRetries: 0 });
    expect(await wrongKey.messages.batches.create({ requests: [messageRequest('a', 'x')] }).catch((e) => e)).toBeInstanceOf(Anthropic.AuthenticationError);

    server.control({ batchPollsPerState: 3 });
    const pending = await client.messages.batches.create({ requests: [messageRequest('a', 'x')] });
    const early = await fetch(`${server.url}/v1/messages/batches/${pending.id}/results`, { headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } });
    expect(early.status).toBe(404);
    expect(server.stats().batches.anthropic).toBe(2);
  });
});

// ---- Gemini ----

const gemini = (apiKey = KEY) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: server.url } });

function inlined(key: string, text: string) {
  return { contents: [{ role: 'user', parts: [{ text }] }], config: { maxOutputTokens: 200 }, metadata: { key } };
}

// The SDK hands inlined responses over as plain objects (no `.text` getter): read the parts.
const partsText = (r: { response?: { candidates?: { content?: { parts?: { text?: string }[] } }[] } }) =>
  r.response?.candidates?.[0]?.content?.parts?.map((p) => p.text ?? '').join('');

async function pollGemini(ai: GoogleGenAI, name: string) {
  const states: string[] = [];
  for (let i = 0; i < 20; i++) {
    const job = await ai.batches.get({ name });
    states.push(String(job.state));
    if (!['JOB_STATE_PENDING', 'JOB_STATE_RUNNING'].includes(String(job.state))) return { states, job };
  }
  throw new Error(`batch ${name} never ended: ${states.join(', ')}`);
}

describe('Gemini batch mode (inlined requests)', () => {
  it('runs PENDING -> RUNNING -> SUCCEEDED; inlined responses in input order carry the metadata and the live answers', async () => {
    const ai = gemini();
    const job = await ai.batches.create({
      model: 'test-model',
      src: prompts.map((p, i) => inlined(`case-${i}`, p)),
      config: { displayName: 'four cases' },
    });
    expect(job.name).toMatch(/^batches\//);
    expect(job).toMatchObject({ state: 'JOB_STATE_PENDING', displayName: 'four cases', model: 'models/test-model' });

    const { states, job: done } = await pollGemini(ai, job.name!);
    expect(states).toEqual(['JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);
    const responses = done.dest?.inlinedResponses ?? [];
    expect(responses.map((r) => r.metadata)).toEqual(prompts.map((_, i) => ({ key: `case-${i}` })));
    for (const [i, r] of responses.entries()) {
      expect(r.error).toBeUndefined();
      expect(partsText(r)).toBe(expectedAnswer('test-model', prompts[i]!));
      expect(r.response?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(r.response?.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
    }
    expect(server.stats().batches).toEqual({ openai: 0, anthropic: 0, gemini: 1 });
    expect(server.stats().keyInQuery).toBe(0);
  });

  it('gives errored and expired items an error in their place, and honours faults and maxOutputTokens', async () => {
    server.control({
      batchOutcomes: [{ format: 'gemini', errorKeys: '^bad', errorStatus: 429, expireAfter: 4 }],
      faults: [{ kind: 'content_filter', match: 'wound' }],
    });
    const ai = gemini();
    const src = [inlined('bad-0', 'x'), inlined('ok-1', prompts[3]!), inlined('ok-2', 'y'), inlined('ok-3', 'z'), inlined('ok-4', 'w')];
    src[2]!.config.maxOutputTokens = 3;
    const job = await ai.batches.create({ model: 'test-model', src });
    const { states, job: done } = await pollGemini(ai, job.name!);
    expect(states.at(-1)).toBe('JOB_STATE_EXPIRED');
    const responses = done.dest?.inlinedResponses ?? [];
    expect(responses.map((r) => [r.metadata?.key, r.error?.code ?? 'ok'])).toEqual([
      ['bad-0', 8],
      ['ok-1', 'ok'],
      ['ok-2', 'ok'],
      ['ok-3', 'ok'],
      ['ok-4', 4],
    ]);
    expect(responses[1]!.response?.candidates?.[0]?.finishReason).toBe('SAFETY');
    expect(responses[2]!.response?.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(partsText(responses[2]!)).toBe('Answer from test-model ');
  });

  it('cancels to CANCELLED, keeping what was done', async () => {
    server.control({ batchOutcomes: [{ doneBeforeCancel: 1 }] });
    const ai = gemini();
    const job = await ai.batches.create({ model: 'test-model', src: [inlined('a', 'a'), inlined('b', 'b')] });
    await ai.batches.cancel({ name: job.name! });
    const { states, job: done } = await pollGemini(ai, job.name!);
    expect(states).toEqual(['JOB_STATE_CANCELLED']);
    expect(done.dest?.inlinedResponses?.map((r) => r.error?.code ?? partsText(r))).toEqual([expectedAnswer('test-model', 'a'), 1]);
  });

  it('fails an injected validation failure; refuses no requests, file input, an unknown model and a wrong key', async () => {
    server.control({ batchOutcomes: [{ failValidation: 'Too many tokens in the batch.' }] });
    const ai = gemini();
    const job = await ai.batches.create({ model: 'test-model', src: [inlined('a', 'a')] });
    const { states } = await pollGemini(ai, job.name!);
    expect(states).toEqual(['JOB_STATE_FAILED']);
    const raw = await (await fetch(`${server.url}/v1beta/${job.name}`, { headers: { 'x-goog-api-key': KEY } })).json();
    expect(raw).toMatchObject({ done: true, error: { code: 3, message: 'Too many tokens in the batch.' } });

    const post = (body: unknown, key = KEY) =>
      fetch(`${server.url}/v1beta/models/test-model:batchGenerateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ batch: { inputConfig: { requests: { requests: [] } } } })).status).toBe(400);
    const fileInput = await post({ batch: { inputConfig: { fileName: 'files/abc' } } });
    expect(fileInput.status).toBe(400);
    expect((await fileInput.json()).error.status).toBe('INVALID_ARGUMENT');
    expect((await post({ batch: { inputConfig: { requests: { requests: [{ request: {} }] } } } }, 'nope')).status).toBe(400);

    server.control({ models: ['other-model'] });
    const unknown = await ai.batches.create({ model: 'test-model', src: [inlined('a', 'a')] });
    const { job: done } = await pollGemini(ai, unknown.name!);
    expect(done.dest?.inlinedResponses?.[0]?.error).toMatchObject({ code: 5 });
    expect(server.stats().batches.gemini).toBe(2);
    expect(await ai.batches.get({ name: 'batches/none' }).catch((e) => e.status)).toBe(404);
  });
});

describe('batch control over HTTP', () => {
  const control = (body: unknown) =>
    fetch(`${server.url}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('sets and reports batch knobs, rejects malformed ones, and resets them', async () => {
    const set = await control({ batchPollsPerState: 3, batchOutcomes: [{ format: 'anthropic', expireAfter: 1, times: 2 }] });
    expect(await set.json()).toMatchObject({ batchPollsPerState: 3, batchOutcomes: [{ format: 'anthropic', expireAfter: 1, times: 2 }] });
    expect((await control({ batchPollsPerState: -1 })).status).toBe(400);
    expect((await control({ batchOutcomes: {} })).status).toBe(400);
    expect((await control({ batchOutcomes: [{ errorKeys: '(' }] })).status).toBe(400);

    // The spec applies to two Anthropic batches, then is used up.
    server.control({ batchPollsPerState: 0 });
    const client = anthropic();
    const expired: string[] = [];
    let last = '';
    for (let i = 0; i < 3; i++) {
      const batch = await client.messages.batches.create({ requests: [messageRequest('a', 'x'), messageRequest('b', 'y')] });
      expired.push(String((await pollAnthropic(client, batch.id)).batch.request_counts.expired));
      last = batch.id;
    }
    expect(expired).toEqual(['1', '1', '0']);
    const stats = await (await fetch(`${server.url}/__stats`)).json();
    expect(stats.batches).toEqual({ openai: 0, anthropic: 3, gemini: 0 });

    await fetch(`${server.url}/__reset`, { method: 'POST' });
    expect(server.control({})).toMatchObject({ batchPollsPerState: 1, batchOutcomes: [] });
    // A reset forgets every batch and file.
    expect(await client.messages.batches.retrieve(last).catch((e) => e.status)).toBe(404);
  });
});
