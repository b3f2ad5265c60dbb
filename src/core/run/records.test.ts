import { describe, expect, it } from 'vitest';
import { ProviderError, type ChatResult } from '../provider';
import { answerFields, recordOf, type SentCell } from './records';

const answer = (over: Partial<ChatResult> = {}): ChatResult => ({
  text: 'Take this path.',
  finish_reason: 'stop',
  raw_finish_reason: 'stop',
  usage: { input_tokens: 1000, output_tokens: 500 },
  latency_ms: 42,
  model: 'm-2026',
  ...over,
});

const sent: SentCell = {
  runId: 'run1',
  cell: { key: 'c1|layperson|p:m|3', case_id: 'c1', framing: 'layperson', model_id: 'p:m', rep: 3 },
  request: { model: 'm', messages: [{ role: 'user', content: 'Q' }], params: { temperature: 0.7, max_tokens: 2048 } },
};

describe('response records', () => {
  it('keeps the answer with its cost, and marks empty or filtered answers', () => {
    expect(answerFields(answer(), { input_per_mtok: 2, output_per_mtok: 10 })).toMatchObject({ status: 'ok', cost_usd: (1000 * 2 + 500 * 10) / 1e6, served_model: 'm-2026' });
    expect(answerFields(answer({ usage: { input_tokens: null, output_tokens: 5 } }), { input_per_mtok: 2, output_per_mtok: 10 }).cost_usd).toBeNull();
    expect(answerFields(answer({ text: ' \n' }), undefined).status).toBe('filtered');
    expect(answerFields(answer({ finish_reason: 'content_filter' }), undefined).status).toBe('filtered');
  });

  it('records a cell with its id, request, attempts and times, answered or not', () => {
    const at = Date.parse('2026-01-01T00:00:00.000Z');
    const ok = recordOf(sent, { kind: 'done', value: answer(), attempts: 2, startedAt: at }, at + 1500, undefined);
    expect(ok).toMatchObject({
      id: 'run1|c1|layperson|p:m|3',
      run_id: 'run1',
      rep: 3,
      attempts: 2,
      started_at: '2026-01-01T00:00:00.000Z',
      completed_at: '2026-01-01T00:00:01.500Z',
      request: sent.request,
      status: 'ok',
      latency_ms: 42,
    });
    const failed = recordOf(sent, { kind: 'failed', error: new ProviderError('Overloaded.', 'transient', 503), attempts: 5, startedAt: at, latencyMs: 7 }, at, undefined);
    expect(failed).toMatchObject({ status: 'error', finish_reason: 'error', text: '', error: 'Overloaded.', latency_ms: 7, attempts: 5, cost_usd: null });
  });
});
