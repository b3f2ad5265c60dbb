// Each adapter against the provider test server, over real HTTP on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startProviderServer, type ProviderServer, type WireFormat } from '../../tests/providerServer/server.ts';
import { ProviderError, type ChatRequest, type Provider, type ProviderConfig } from '../core/provider';
import { AnthropicProvider } from './anthropic';
import { GeminiProvider } from './gemini';
import { OpenAICompatibleProvider } from './openaiCompatible';
import { keepAliveFetch } from '../cli/keepAliveFetch';

const KEY = 'sk-test-SECRET-0123456789';
let server: ProviderServer;

beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterEach(() => server.reset());
afterAll(() => server.close());

interface Case {
  name: string;
  format: WireFormat;
  make(config: Partial<ProviderConfig>): Provider;
  raw: { stop: string; length: string; filter: string };
  /** What the API answers a rejected key with (Gemini: 400 API_KEY_INVALID). */
  badKeyStatus: number;
}

const cases: Case[] = [
  {
    name: 'openai-compatible',
    format: 'openai',
    make: (c) => new OpenAICompatibleProvider({ kind: 'openai-compatible', baseUrl: `${server.url}/v1`, apiKey: KEY, ...c }),
    raw: { stop: 'stop', length: 'length', filter: 'content_filter' },
    badKeyStatus: 401,
  },
  {
    name: 'anthropic',
    format: 'anthropic',
    make: (c) => new AnthropicProvider({ kind: 'anthropic', baseUrl: server.url, apiKey: KEY, ...c }),
    raw: { stop: 'end_turn', length: 'max_tokens', filter: 'refusal' },
    badKeyStatus: 401,
  },
  {
    name: 'gemini',
    format: 'gemini',
    make: (c) => new GeminiProvider({ kind: 'gemini', baseUrl: server.url, apiKey: KEY, ...c }),
    raw: { stop: 'STOP', length: 'MAX_TOKENS', filter: 'SAFETY' },
    badKeyStatus: 400,
  },
];

const USER = 'My psychiatrist retired and I have ten days of alprazolam left. How do I taper?';

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'test-model',
    messages: [
      { role: 'system', content: 'Answer plainly.' },
      { role: 'user', content: USER },
    ],
    params: { temperature: 0.7, max_tokens: 2048 },
    ...extra,
  };
}

/** Runs a chat that must fail, and returns its ProviderError. */
async function failure(provider: Provider, req: ChatRequest): Promise<ProviderError> {
  const e = await provider.chat(req).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return provider.classifyError(e);
}

// Every adapter test runs twice: over the global fetch (the page) and over the CLI's keep-alive client.
const clients = [
  { client: 'global fetch', fetch: undefined },
  { client: 'the CLI keep-alive fetch', fetch: keepAliveFetch },
];
const adapterRuns = cases.flatMap((c) => clients.map(({ client, fetch }) => ({ ...c, client, make: (cfg: Partial<ProviderConfig>) => c.make({ fetch, ...cfg }) })));

describe.each(adapterRuns)('$name adapter over $client', (c) => {
  it('answers without streaming, with usage, finish reason and latency', async () => {
    const result = await c.make({}).chat(request());
    expect(result.text).toBe(expectedAnswer('test-model', USER));
    expect(result.finish_reason).toBe('stop');
    expect(result.raw_finish_reason).toBe(c.raw.stop);
    expect(result.usage.input_tokens).toBeGreaterThan(10);
    expect(result.usage.output_tokens).toBe(result.text.split(' ').length);
    expect(result.model).toBe('test-model');
    expect(result.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('streams deltas through onToken', async () => {
    const deltas: string[] = [];
    const result = await c.make({}).chat(request({ onToken: (d) => deltas.push(d) }));
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(result.text);
    expect(result.text).toBe(expectedAnswer('test-model', USER));
    expect(result.finish_reason).toBe('stop');
    expect(result.usage.output_tokens).toBe(deltas.length);
  });

  it.each([false, true])('reports a max-tokens stop as length (streaming: %s)', async (stream) => {
    const result = await c.make({}).chat(request({ params: { temperature: 0, max_tokens: 3 }, ...(stream ? { onToken: () => {} } : {}) }));
    expect(result.finish_reason).toBe('length');
    expect(result.raw_finish_reason).toBe(c.raw.length);
    expect(result.text).toBe('Answer from test-model ');
  });

  it.each([false, true])('records a content filter stop, not an error (streaming: %s)', async (stream) => {
    server.control({ faults: [{ kind: 'content_filter' }] });
    const result = await c.make({}).chat(request(stream ? { onToken: () => {} } : {}));
    expect(result.finish_reason).toBe('content_filter');
    expect(result.raw_finish_reason).toBe(c.raw.filter);
    expect(result.text).toBe('');
  });

  it('records an empty answer as an answer', async () => {
    server.control({ faults: [{ kind: 'empty' }] });
    const result = await c.make({}).chat(request({ onToken: () => {} }));
    expect(result.text).toBe('');
    expect(result.finish_reason).toBe('stop');
  });

  it('calls a rejected key fatal, with a plain message', async () => {
    const e = await failure(c.make({ apiKey: 'wrong-key-1234' }), request());
    expect(e.kind).toBe('fatal');
    expect(e.status).toBe(c.badKeyStatus);
    expect(e.message).toMatch(/^The API key was rejected by .+ \(\d+\)\. Check the key\.$/);
  });

  it('says where the key is entered when the caller tells it', async () => {
    const e = await failure(c.make({ apiKey: 'wrong-key-1234', keyPlace: 'for "Mine" on the Models page' }), request());
    expect(e.message).toMatch(/^The API key was rejected by .+ \(\d+\)\. Check it, and enter it again for "Mine" on the Models page\.$/);
  });

  it('calls an unknown model fatal and names it', async () => {
    const e = await failure(c.make({}), request({ model: 'no-such-model' }));
    expect(e.kind).toBe('fatal');
    expect(e.status).toBe(404);
    expect(e.message).toContain('"no-such-model"');
  });

  it('reads Retry-After in seconds on a 429', async () => {
    server.control({ faults: [{ kind: 'status', status: 429, retryAfter: 7 }] });
    const e = await failure(c.make({}), request());
    expect(e.kind).toBe('rate_limit');
    expect(e.retryAfterSeconds).toBe(7);
    expect(e.message).toContain('asked to wait 7 s');
  });

  it('reads Retry-After as an HTTP date on a 429', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    server.control({ faults: [{ kind: 'status', status: 429, retryAfter: at, format: c.format }] });
    const e = await failure(c.make({}), request({ onToken: () => {} }));
    expect(e.kind).toBe('rate_limit');
    expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it.each([500, 503])('calls a %i transient', async (status) => {
    server.control({ faults: [{ kind: 'status', status }] });
    const e = await failure(c.make({}), request());
    expect(e.kind).toBe('transient');
    expect(e.status).toBe(status);
  });

  it.each([false, true])('calls a cut connection transient (streaming: %s)', async (stream) => {
    server.control({ faults: [{ kind: 'stream_cut', afterDeltas: 3 }] });
    const deltas: string[] = [];
    const e = await failure(c.make({}), request(stream ? { onToken: (d) => deltas.push(d) } : {}));
    expect(e.kind).toBe('transient');
    expect(e.message).toMatch(/dropped before the answer was complete/);
    if (stream) expect(deltas.length).toBe(3);
  });

  it('calls a hang aborted by the caller transient', async () => {
    server.control({ faults: [{ kind: 'hang' }] });
    const e = await failure(c.make({}), request({ signal: AbortSignal.timeout(300), onToken: () => {} }));
    expect(e.kind).toBe('transient');
    expect(e.message).toMatch(/was cancelled/);
  });

  it('times out a hang on its own deadline', async () => {
    server.control({ faults: [{ kind: 'hang' }] });
    const e = await failure(c.make({ timeoutMs: 300 }), request());
    expect(e.kind).toBe('transient');
    expect(e.message).toMatch(/did not answer within/);
  });

  it('arms no timer of its own when the caller brings a signal: the caller owns the deadline', async () => {
    server.control({ faults: [{ kind: 'hang' }] });
    // Were the adapter's own 50 ms deadline armed too, it would fire first and say "did not answer".
    const e = await failure(c.make({ timeoutMs: 50 }), request({ signal: AbortSignal.timeout(400), onToken: () => {} }));
    expect(e.kind).toBe('transient');
    expect(e.message).toMatch(/was cancelled/);
  });

  it('lists models', async () => {
    const models = await c.make({}).listModels!();
    expect(models.map((m) => m.id)).toEqual(['test-model', 'test-model-mini']);
  });

  it('never puts the key in a message, a stack or a URL', async () => {
    const secret = 'sk-live-DO-NOT-LEAK-987654321';
    const provider = c.make({ apiKey: secret });
    const errors: ProviderError[] = [await failure(provider, request())];
    server.control({ apiKey: secret });
    for (const fault of [
      { kind: 'status', status: 400 },
      { kind: 'status', status: 403 },
      { kind: 'status', status: 429, retryAfter: 1 },
      { kind: 'status', status: 500 },
      { kind: 'stream_cut' },
    ] as const) {
      server.control({ faults: [fault] });
      errors.push(await failure(provider, request({ onToken: () => {} })));
    }
    errors.push(await failure(provider, request({ model: 'missing' })));
    server.control({ faults: [{ kind: 'hang' }] });
    errors.push(await failure(provider, request({ signal: AbortSignal.timeout(100) })));
    const closed = c.make({ apiKey: secret, baseUrl: 'http://127.0.0.1:9' + (c.format === 'openai' ? '/v1' : '') });
    errors.push(await failure(closed, request()));
    for (const e of errors) {
      expect(e.message).not.toContain(secret);
      expect(String(e.stack)).not.toContain(secret);
      expect(JSON.stringify(e)).not.toContain(secret);
    }
    expect(server.stats().keyInQuery).toBe(0);
  });
});

describe('unreachable servers', () => {
  it('tells how to let the page reach a local Ollama', async () => {
    const ollama = new OpenAICompatibleProvider({ kind: 'openai-compatible', preset: 'ollama', baseUrl: 'http://127.0.0.1:9/v1' });
    const e = await failure(ollama, request());
    expect(e.kind).toBe('transient');
    expect(e.message).toBe(
      'Could not reach Ollama at http://127.0.0.1:9/v1: it is not running or it blocks this page (CORS); start it with OLLAMA_ORIGINS=http://127.0.0.1:5173 ollama serve.',
    );
  });

  it('asks for a key when a server wants one and none is set', async () => {
    const provider = new OpenAICompatibleProvider({ kind: 'openai-compatible', baseUrl: `${server.url}/v1` });
    const e = await failure(provider, request());
    expect(e.message).toMatch(/asked for an API key \(401\) and none is set\.$/);
    const placed = new OpenAICompatibleProvider({ kind: 'openai-compatible', baseUrl: `${server.url}/v1`, keyPlace: 'on the Models page' });
    expect((await failure(placed, request())).message).toMatch(/asked for an API key \(401\) and none is set\. Enter one on the Models page\.$/);
  });

  it('fails fast without a key where the API always needs one', async () => {
    const e = await failure(new AnthropicProvider({ kind: 'anthropic', baseUrl: server.url }), request());
    expect(e.kind).toBe('fatal');
    expect(e.message).toBe('No API key is set for Anthropic.');
    const placed = new AnthropicProvider({ kind: 'anthropic', baseUrl: server.url, keyPlace: 'for "Claude" on the Models page' });
    expect((await failure(placed, request())).message).toBe('No API key is set for Anthropic. Enter one for "Claude" on the Models page.');
  });
});

describe('OpenAI-compatible wire quirks', () => {
  it('sends no stream_options to Mistral and random_seed for the seed', async () => {
    // The test server stands in for Mistral's URL; the preset picks the wire quirks.
    const mistral = new OpenAICompatibleProvider({ kind: 'openai-compatible', preset: 'mistral', baseUrl: `${server.url}/v1`, apiKey: KEY });
    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      sent.push(String(init?.body));
      return realFetch(input, init);
    };
    try {
      const result = await mistral.chat(request({ params: { temperature: 0, max_tokens: 100, seed: 7 }, onToken: () => {} }));
      expect(result.usage.output_tokens).toBeNull(); // no stream_options, so no streamed usage
    } finally {
      globalThis.fetch = realFetch;
    }
    const body = JSON.parse(sent[0]!) as Record<string, unknown>;
    expect(body.random_seed).toBe(7);
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('stream_options');
  });
});
