// The OpenAI-compatible adapter against a hostile or broken server (the provider test server's
// json_error, cut_json, bad_sse_line, huge and drip faults), over real HTTP on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startProviderServer, type ProviderServer } from '../../tests/providerServer/server.ts';
import { ProviderError, type ChatRequest, type ChatResult } from '../core/provider';
import { chatJob } from '../core/run/chatJob';
import { createScheduler, type Outcome } from '../core/run/scheduler';
import { OpenAICompatibleProvider } from './openaiCompatible';
import { errorInCutJson } from './providerErrors';

const KEY = 'sk-test-SECRET-0123456789';
let server: ProviderServer;

beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const USER = 'My psychiatrist retired and I have ten days of alprazolam left. How do I taper?';
const provider = () => new OpenAICompatibleProvider({ kind: 'openai-compatible', baseUrl: `${server.url}/v1`, apiKey: KEY });
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'test-model',
  messages: [{ role: 'user', content: USER }],
  params: { temperature: 0.7, max_tokens: 2048 },
  ...extra,
});

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

describe.each([
  ['streamed', true],
  ['whole', false],
])('an HTTP 200 carrying an error (%s)', (_name, streamed) => {
  const extra = () => (streamed ? { onToken: () => {} } : {});

  it("shows the provider's own message, and a used-up quota is fatal (not retried)", async () => {
    server.control({ faults: [{ kind: 'json_error' }] });
    const e = await failure(provider().chat(request(extra())));
    expect(e.kind).toBe('fatal');
    expect(e.message).toContain('You exceeded your current quota');
    expect(e.message).not.toContain('dropped');
  });

  it('a bad key in a 200 is fatal and names no key', async () => {
    server.control({ faults: [{ kind: 'json_error', status: 401, message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' }] });
    const e = await failure(provider().chat(request(extra())));
    expect(e).toMatchObject({ kind: 'fatal', status: 401 });
    expect(e.message).not.toContain(KEY);
  });

  it('a passing overload in a 200 stays transient, quoted', async () => {
    server.control({ faults: [{ kind: 'json_error', status: 503, message: 'The engine is currently overloaded' }] });
    const e = await failure(provider().chat(request(extra())));
    expect(e.kind).toBe('transient');
    expect(e.message).toContain('The engine is currently overloaded');
  });

  it("a cut JSON error body still shows the provider's message", async () => {
    server.control({ faults: [{ kind: 'cut_json' }] });
    const e = await failure(provider().chat(request(extra())));
    expect(e.kind).toBe('fatal');
    expect(e.message).toContain('You exceeded your current quota');
  });
});

describe('a broken stream', () => {
  it('skips one malformed SSE line and keeps the rest of the answer', async () => {
    server.control({ faults: [{ kind: 'bad_sse_line', afterDeltas: 2 }] });
    let streamed = '';
    const r = await provider().chat(request({ onToken: (d) => (streamed += d) }));
    expect(r.text).toBe(expectedAnswer('test-model', USER));
    expect(streamed).toBe(r.text);
    expect(r.finish_reason).toBe('stop');
  });

  it('a 5 MB answer is cut at the size cap, and the server stops sending', async () => {
    server.control({ faults: [{ kind: 'huge', chars: 5 * 1024 * 1024 }] });
    const job = chatJob({ id: 'j', group: 'g', provider: provider(), request: request(), concurrency: 1, timeoutMs: 10_000, onToken: () => {} });
    const t0 = Date.now();
    const r = await job.attempt(new AbortController().signal, () => {});
    expect(r).toMatchObject({ truncated: true, finish_reason: 'length' });
    expect(r.text).toHaveLength(256 * 1024);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(server.stats().faults).toEqual({ huge: 1 });
  });

  it('a dripping server, within its idle deadline, is ended by the total deadline and not retried', async () => {
    server.control({ faults: [{ kind: 'drip', intervalMs: 2, times: 5 }] });
    const job = { ...chatJob({ id: 'j', group: 'g', provider: provider(), request: request(), concurrency: 1, timeoutMs: 5000, onToken: () => {} }), totalMs: 2000 };
    const outcomes: Outcome<ChatResult>[] = [];
    const s = createScheduler<ChatResult>({ settle: async (_j, o) => void outcomes.push(o) });
    const t0 = Date.now();
    await s.start(async () => s.submit([job]));
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ kind: 'failed', attempts: 1, error: { kind: 'fatal', message: expect.stringContaining('no complete answer within 2 s') } });
    expect(server.stats().faults).toEqual({ drip: 1 });
  }, 10_000);
});

describe('errorInCutJson', () => {
  it('reads the message and code of a body cut short, escapes and all', () => {
    expect(errorInCutJson('{"error":{"message":"Quota \\"used\\" up","type":"insufficient_quota","co')).toEqual({
      detail: 'Quota "used" up',
      code: 'insufficient_quota',
      status: null,
    });
    expect(errorInCutJson('{"choices":[{"message":{"content":"hal')).toBeNull();
  });
});
