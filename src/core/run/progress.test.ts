import { describe, expect, it } from 'vitest';
import { count, emptyTally, progressOf } from './progress';

describe('progress', () => {
  it('counts stored results by status and estimates the rest from this session', () => {
    const t = emptyTally();
    t.resumed = 4;
    count(t, 'ok', 0.5);
    count(t, 'filtered', null);
    count(t, 'error', null);
    count(t, 'ok', 0.25);
    const p = progressOf(t, 20, { state: 'running', inFlight: 2, blockedJobs: 2, activeMs: 8000 });
    // 4 done in 8 s this session; 20 - 8 done - 2 blocked = 10 left.
    expect(p).toEqual({ state: 'running', total: 20, done: 8, resumed: 4, ok: 2, filtered: 1, errors: 1, in_flight: 2, blocked: 2, cost_so_far: 0.75, eta_ms: 20_000 });
  });

  it('gives no estimate before anything is stored in this session', () => {
    const t = { ...emptyTally(), resumed: 3 };
    expect(progressOf(t, 3, { state: 'completed', inFlight: 0, blockedJobs: 0, activeMs: 10 }).eta_ms).toBeNull();
  });
});
