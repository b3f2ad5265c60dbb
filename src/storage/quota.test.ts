import { describe, expect, it } from 'vitest';
import { StorageFullError, guardQuota, isQuotaError } from './quota';

describe('quota', () => {
  it('recognises a quota error, also when Dexie wraps it', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: { 0: { name: 'QuotaExceededError' } } })).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
  });
  it('turns it into one plain message and lets other errors through', async () => {
    await expect(guardQuota(() => Promise.reject(new DOMException('x', 'QuotaExceededError')))).rejects.toBeInstanceOf(StorageFullError);
    await expect(guardQuota(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await guardQuota(() => Promise.resolve(3))).toBe(3);
  });
});
