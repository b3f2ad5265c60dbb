import { describe, expect, it } from 'vitest';
import { errorFromStatus, parseRetryAfter, redact, type HttpFailure } from './providerErrors';

const ctx = { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-abcdef123456' };
const fail = (f: Partial<HttpFailure>) => errorFromStatus(ctx, { status: 400, retryAfterSeconds: null, detail: null, code: null, ...f });

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12);
    expect(parseRetryAfter('1.5', now)).toBe(1.5);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:20 GMT', now)).toBe(20);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('errorFromStatus', () => {
  it.each([
    [401, 'fatal'],
    [402, 'fatal'],
    [403, 'fatal'],
    [404, 'fatal'],
    [400, 'fatal'],
    [408, 'transient'],
    [429, 'rate_limit'],
    [500, 'transient'],
    [502, 'transient'],
    [529, 'transient'],
  ] as const)('%i is %s', (status, kind) => {
    expect(fail({ status }).kind).toBe(kind);
  });

  it('treats an exhausted OpenAI quota as fatal, since waiting will not help', () => {
    const e = fail({ status: 429, code: 'insufficient_quota' });
    expect(e.kind).toBe('fatal');
    expect(e.message).toBe("OpenAI says the account's quota is used up (429). Check its plan and billing.");
  });

  it('quotes a short provider detail as part of one sentence, without the key', () => {
    const e = fail({ detail: `Unsupported parameter: 'max_tokens'.\n Key sk-abcdef123456 was used.` });
    expect(e.message).toBe("OpenAI rejected the request (400): Unsupported parameter: 'max_tokens'. Key [key] was used.");
  });

  it('redacts only real keys', () => {
    expect(redact('a sk-abcdef b', 'sk-abcdef')).toBe('a [key] b');
    expect(redact('abc', '')).toBe('abc');
  });
});
