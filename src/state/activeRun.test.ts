import 'fake-indexeddb/auto'; // Dexie's liveQuery (observe) runs only where IndexedDB exists
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { responseRecord } from '../../tests/fixtures/records';
import { ActiveRun, FLUSH_MS } from './activeRun.svelte';
import type { Store } from '../storage/store';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ActiveRun', () => {
  it('hands a thousand stored answers to the view in one piece per flush, not one copy per answer', () => {
    const run = new ActiveRun('r');
    const first = run.responses;
    for (let i = 0; i < 1000; i++) run.addResponses([{ ...responseRecord('r', i), status: i % 10 === 0 ? 'error' : 'ok', cost_usd: 0.001 }]);
    // Nothing copied yet: the list the view holds is the one it had.
    expect(run.responses).toBe(first);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(run.responses).toHaveLength(1000);
    expect(run.counts).toEqual({ ok: 900, filtered: 0, error: 100, truncated: 0 });
    expect(run.spent).toBeCloseTo(1);
    // An answer seen again (the store echoing this tab's own write) is not added twice.
    run.addResponses([responseRecord('r', 5)]);
    run.flush();
    expect(run.responses).toHaveLength(1000);
  });

  it('throttles the live preview and keeps only the tail of a huge stream', () => {
    const run = new ActiveRun('r');
    const first = run.streaming;
    for (let i = 0; i < 10_000; i++) run.addToken('c|layperson|m1|0', 'x'.repeat(100));
    expect(run.streaming).toBe(first);
    vi.advanceTimersByTime(FLUSH_MS);
    const text = run.streaming.get('c|layperson|m1|0')!;
    expect(text.length).toBeLessThanOrEqual(4000);
    // The stored answer ends the cell's preview.
    run.addResponses([{ ...responseRecord('r', 0, 'done', 'c') }]);
    run.flush();
    expect(run.streaming.size).toBe(0);
  });

  it('says so when the stored answers cannot be read, instead of showing an empty run', async () => {
    vi.useRealTimers();
    const run = new ActiveRun('r');
    const failing = { responseIdsOfRun: async () => ['r|c|layperson|m1|0'], responsesById: async () => Promise.reject(new Error('disk gone')) };
    run.follow(failing as unknown as Store);
    await vi.waitFor(() => expect(run.readError).toMatch(/Could not read this run's stored answers: disk gone/));
    expect(run.loaded).toBe(true);
    run.unfollow();
  });
});

