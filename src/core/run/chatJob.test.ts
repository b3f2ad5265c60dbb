import { describe, expect, it } from 'vitest';
import { ProviderError, type ChatRequest, type ChatResult, type Provider } from '../provider';
import { answerCap, chatJob, TOTAL_PER_IDLE } from './chatJob';
import { answerFields } from './records';

/** A provider streaming `chunk` until aborted, as a hostile server streaming 50 MB would. */
function endlessStream(chunk: string) {
  const seen = { deltas: 0 };
  const provider: Provider = {
    kind: 'scripted',
    concurrencyKey: 'k',
    maxConcurrency: 1,
    async chat(req: ChatRequest): Promise<ChatResult> {
      for (;;) {
        if (req.signal?.aborted) throw new ProviderError('cancelled', 'transient');
        seen.deltas++;
        req.onToken?.(chunk);
        await Promise.resolve();
      }
    },
    classifyError: (e) => (e instanceof ProviderError ? e : new ProviderError(String(e), 'transient')),
  };
  return { provider, seen };
}

const request = (max_tokens: number) => ({ model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], params: { temperature: 0, max_tokens } });

describe('chatJob', () => {
  it('caps an answer at a generous multiple of its max tokens, at least 256 K characters', () => {
    expect(answerCap(100)).toBe(256 * 1024);
    expect(answerCap(8192)).toBe(8192 * 64);
  });

  it('stops a stream that passes the cap and keeps what came, marked truncated', async () => {
    const { provider, seen } = endlessStream('x'.repeat(10_000));
    let streamed = 0;
    const job = chatJob({ id: 'j', group: 'g', provider, request: request(100), concurrency: 1, timeoutMs: 1000, onToken: (d) => (streamed += d.length) });
    const abort = new AbortController();
    let alive = 0;
    const r = await job.attempt(abort.signal, () => alive++);
    expect(r.truncated).toBe(true);
    expect(r.text).toHaveLength(256 * 1024);
    expect(streamed).toBe(256 * 1024);
    expect(seen.deltas).toBeLessThan(30);
    expect(alive).toBeGreaterThan(0);
    expect(answerFields(r, undefined)).toMatchObject({ status: 'truncated', finish_reason: 'length', error: expect.stringContaining('Truncated') });
  });

  it('cuts an unstreamed answer over the cap too', async () => {
    const provider: Provider = {
      kind: 'scripted',
      concurrencyKey: 'k',
      maxConcurrency: 1,
      chat: async () => ({ text: 'y'.repeat(300 * 1024), finish_reason: 'stop', raw_finish_reason: 'stop', usage: { input_tokens: 1, output_tokens: 1 }, latency_ms: 1, model: 'm' }),
      classifyError: (e) => e as ProviderError,
    };
    const r = await chatJob({ id: 'j', group: 'g', provider, request: request(100), concurrency: 1, timeoutMs: 1000 }).attempt(new AbortController().signal, () => {});
    expect(r).toMatchObject({ truncated: true });
    expect(r.text).toHaveLength(256 * 1024);
  });

  it('a cancel from the scheduler is not an answer, cap or not', async () => {
    const { provider } = endlessStream('z'.repeat(1000));
    const abort = new AbortController();
    const job = chatJob({ id: 'j', group: 'g', provider, request: request(100), concurrency: 1, timeoutMs: 1000, onToken: () => abort.abort() });
    await expect(job.attempt(abort.signal, () => {})).rejects.toThrow('cancelled');
  });

  it('has a total deadline, a multiple of its idle one', () => {
    const { provider } = endlessStream('');
    expect(chatJob({ id: 'j', group: 'g', provider, request: request(100), concurrency: 1, timeoutMs: 2000 }).totalMs).toBe(2000 * TOTAL_PER_IDLE);
  });
});
