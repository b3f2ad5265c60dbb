/**
 * Time and cancellation as a dependency, so the engine's retries and timeouts can be tested with
 * a fake clock instead of real waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch (used for durations and timestamps). */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  timer(ms: number, fn: () => void): () => void;
}

export interface AbortHandle {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

// Present in browsers, workers and Node 20, but outside lib ES2023 (see abort.d.ts).
const host = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  AbortController: new () => AbortHandle;
};

export function newAbort(): AbortHandle {
  return new host.AbortController();
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        host.clearTimeout(id);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const id = host.setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
  timer: (ms, fn) => {
    const id = host.setTimeout(fn, ms);
    return () => host.clearTimeout(id);
  },
};
