import { describe, expect, it } from 'vitest';
import { ProviderError } from '../core/provider';
import { PRESETS } from './presets';
import { loadProvider } from './registry';

describe('loadProvider', () => {
  it('loads each kind lazily', async () => {
    expect((await loadProvider({ kind: 'openai-compatible', preset: 'ollama' })).concurrencyKey).toBe(
      'openai-compatible:http://localhost:11434/v1',
    );
    expect((await loadProvider({ kind: 'anthropic', apiKey: 'k' })).kind).toBe('anthropic');
    expect((await loadProvider({ kind: 'gemini', apiKey: 'k' })).kind).toBe('gemini');
    expect((await loadProvider({ kind: 'scripted' })).kind).toBe('scripted');
  });

  it('refuses a kind it has no adapter for', async () => {
    const unknown = { kind: 'carrier-pigeon' } as unknown as Parameters<typeof loadProvider>[0];
    await expect(loadProvider(unknown)).rejects.toBeInstanceOf(ProviderError);
  });
});

describe('presets', () => {
  it('have unique ids, and local servers need no key', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS.filter((x) => x.local)) {
      expect(p.needsKey).toBe(false);
      expect(p.baseUrl).toMatch(/^http:\/\/localhost:\d+\/v1$/);
    }
  });
});
