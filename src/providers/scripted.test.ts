import { describe, expect, it } from 'vitest';
import { ProviderError, type ChatRequest } from '../core/provider';
import { ScriptedProvider } from './scripted';

const req = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'm',
  messages: [{ role: 'user', content }],
  params: { temperature: 0, max_tokens: 10 },
  ...extra,
});

describe('ScriptedProvider', () => {
  it('plays its steps in order, then echoes', async () => {
    const limited = new ProviderError('Slow down.', 'rate_limit', 429, 2);
    const p = new ScriptedProvider([
      { text: 'first' },
      { error: limited },
      { text: '', finish_reason: 'content_filter', raw_finish_reason: 'SAFETY' },
      (r) => ({ text: `seen ${r.messages[0]!.content}` }),
    ]);
    expect((await p.chat(req('a'))).text).toBe('first');
    await expect(p.chat(req('b'))).rejects.toBe(limited);
    expect(await p.chat(req('c'))).toMatchObject({ text: '', finish_reason: 'content_filter', raw_finish_reason: 'SAFETY' });
    expect((await p.chat(req('d'))).text).toBe('seen d');
    expect((await p.chat(req('e'))).text).toBe('Scripted answer from m to: e');
    expect(p.calls).toHaveLength(5);
  });

  it('streams its text and honours abort during a delay', async () => {
    const deltas: string[] = [];
    const p = new ScriptedProvider([{ text: 'one two three' }, { text: 'late', delayMs: 10_000 }]);
    await p.chat(req('a', { onToken: (d) => deltas.push(d) }));
    expect(deltas).toEqual(['one ', 'two ', 'three']);
    const e = await p.chat(req('b', { signal: AbortSignal.timeout(20) })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).kind).toBe('transient');
  });

  it('classifies foreign errors as transient', () => {
    expect(new ScriptedProvider().classifyError(new Error('boom')).kind).toBe('transient');
  });
});
