// The provider test server: its control API, and that the official SDKs accept its wire formats.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startProviderServer, type ProviderServer } from './server.ts';

const KEY = 'server-test-key';
let server: ProviderServer;

beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function chat(content: string, extra: Record<string, unknown> = {}) {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model: 'test-model', messages: [{ role: 'user', content }], ...extra }),
  });
}

describe('control API', () => {
  it('queues faults, applies them to matching requests only, and counts them', async () => {
    const set = await post('/__control', {
      faults: [
        { kind: 'status', status: 429, retryAfter: 3, match: 'taper' },
        { kind: 'status', status: 500, format: 'anthropic' },
        { kind: 'empty', times: 2 },
      ],
    });
    expect(set.status).toBe(200);
    expect((await set.json()).faults).toHaveLength(3);

    const limited = await chat('a taper schedule please');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await limited.json()).error.code).toBe('rate_limit_exceeded');

    // The Anthropic-only fault is skipped; the empty one applies twice.
    for (let i = 0; i < 2; i++) {
      const body = await (await chat('hello')).json();
      expect(body.choices[0].message.content).toBe('');
    }
    const normal = await (await chat('hello')).json();
    expect(normal.choices[0].message.content).toBe(expectedAnswer('test-model', 'hello'));

    const stats = await (await fetch(`${server.url}/__stats`)).json();
    expect(stats.requests['/v1/chat/completions']).toBe(4);
    expect(stats.faults).toEqual({ 'status:429': 1, empty: 2 });
    expect(server.control({}).faults).toEqual([{ kind: 'status', status: 500, format: 'anthropic', times: 1 }]);

    await post('/__reset', {});
    expect(server.stats().requests).toEqual({});
    expect(server.control({}).faults).toEqual([]);
  });

  it('rejects malformed control bodies', async () => {
    expect((await post('/__control', { faults: [{ kind: 'explode' }] })).status).toBe(400);
    expect((await post('/__control', { faults: [{ kind: 'status' }] })).status).toBe(400);
    expect((await post('/__control', { answers: [{ match: 'x' }] })).status).toBe(400);
    expect((await post('/__control', { answers: [{ match: 3, text: 'x' }] })).status).toBe(400);
  });

  it('gives canned answers to matching requests until reset, after faults', async () => {
    const set = await post('/__control', {
      answers: [{ match: 'grade', text: '{"omission_harm": 2,\n "ttt": -1}' }, { text: 'fallback' }],
      faults: [{ kind: 'empty', match: 'grade' }],
    });
    expect((await set.json()).answers).toHaveLength(2);
    const content = async (c: string) => (await (await chat(c)).json()).choices[0].message.content;
    expect(await content('please grade this')).toBe(''); // the fault first
    expect(await content('please grade this')).toBe('{"omission_harm": 2,\n "ttt": -1}');
    expect(await content('hello')).toBe('fallback');
    const streamed = await (await chat('grade it', { stream: true })).text();
    expect(streamed).toContain('omission_harm');

    server.control({ clearAnswers: true, answers: [{ match: 'x', text: 'y' }] });
    expect(server.control({}).answers).toEqual([{ match: 'x', text: 'y' }]);
    await post('/__reset', {});
    expect(server.control({}).answers).toEqual([]);
    expect(await content('grade')).toBe(expectedAnswer('test-model', 'grade'));
  });

  it('hangs until the client aborts, and still closes', async () => {
    server.control({ faults: [{ kind: 'hang' }] });
    const aborted = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model: 'test-model', messages: [{ role: 'user', content: 'x' }] }),
      signal: AbortSignal.timeout(200),
    }).catch((e: Error) => e.name);
    expect(aborted).toBe('TimeoutError');
  });

  it('applies latency', async () => {
    server.control({ latencyMs: 150 });
    const started = Date.now();
    await chat('hello');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('CORS', () => {
  const preflight = () =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('answers preflights and marks responses for the calling origin', async () => {
    const res = await preflight();
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(server.stats().preflights).toBe(1);
  });

  it('can be switched off to test a blocked page', async () => {
    server.control({ cors: false });
    expect((await preflight()).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('auth and errors in each format', () => {
  it('rejects a wrong key in each API shape', async () => {
    const openai = await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer nope-nope' } });
    expect(openai.status).toBe(401);
    expect((await openai.json()).error.code).toBe('invalid_api_key');
    const anthropic = await fetch(`${server.url}/v1/models`, { headers: { 'x-api-key': 'nope', 'anthropic-version': '2023-06-01' } });
    expect(anthropic.status).toBe(401);
    expect((await anthropic.json()).error.type).toBe('authentication_error');
    const gemini = await fetch(`${server.url}/v1beta/models`, { headers: { 'x-goog-api-key': 'nope' } });
    expect(gemini.status).toBe(400);
    expect((await gemini.json()).error.details[0].reason).toBe('API_KEY_INVALID');
  });

  it('counts a key sent in the URL', async () => {
    const res = await fetch(`${server.url}/v1beta/models?key=${KEY}`);
    expect(res.status).toBe(200);
    expect(server.stats().keyInQuery).toBe(1);
  });
});

describe('the official SDKs accept the server', () => {
  const user = 'My psychiatrist retired and I have ten days of alprazolam left.';

  it('openai: non-streaming, streaming with usage, models, errors', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const done = await client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: user }] });
    expect(done.choices[0]?.message.content).toBe(expectedAnswer('test-model', user));
    expect(done.usage?.completion_tokens).toBeGreaterThan(0);

    const stream = await client.chat.completions.create({
      model: 'test-model',
      messages: [{ role: 'user', content: user }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(expectedAnswer('test-model', user));
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ completion_tokens: expect.any(Number) });

    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['test-model', 'test-model-mini']);

    server.control({ faults: [{ kind: 'status', status: 429, retryAfter: 5 }] });
    const error = await client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: user }] }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('5');
  });

  it('anthropic: messages, the streamed event sequence, models', async () => {
    const client = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'test-model', max_tokens: 100, messages: [{ role: 'user', content: user }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: expectedAnswer('test-model', user) });
    expect(message.stop_reason).toBe('end_turn');

    // The SDK's own accumulator checks the event order (message_start first, blocks opened before deltas).
    const final = await client.messages.stream({ model: 'test-model', max_tokens: 4, messages: [{ role: 'user', content: user }] }).finalMessage();
    expect(final.stop_reason).toBe('max_tokens');
    expect(final.usage.output_tokens).toBe(4);

    server.control({ faults: [{ kind: 'content_filter' }] });
    const refused = await client.messages.stream({ model: 'test-model', max_tokens: 100, messages: [{ role: 'user', content: user }] }).finalMessage();
    expect(refused.stop_reason).toBe('refusal');
    expect(refused.content).toEqual([]);

    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(['test-model', 'test-model-mini']);
  });

  it('gemini: generateContent, streamGenerateContent, SAFETY, models', async () => {
    const ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: server.url } });
    const response = await ai.models.generateContent({ model: 'test-model', contents: user });
    expect(response.text).toBe(expectedAnswer('test-model', user));
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);

    let text = '';
    for await (const chunk of await ai.models.generateContentStream({ model: 'test-model', contents: user })) text += chunk.text ?? '';
    expect(text).toBe(expectedAnswer('test-model', user));

    server.control({ faults: [{ kind: 'content_filter' }] });
    const blocked = await ai.models.generateContent({ model: 'test-model', contents: user });
    expect(blocked.candidates?.[0]?.finishReason).toBe('SAFETY');
    expect(blocked.text).toBeUndefined();

    const names: string[] = [];
    for await (const m of await ai.models.list()) names.push(m.name ?? '');
    expect(names).toEqual(['models/test-model', 'models/test-model-mini']);
    expect(server.stats().keyInQuery).toBe(0);
  });
});
