/**
 * One request's abort signal. A request that brings a signal gets no timer here: its caller owns
 * the deadline (the run scheduler restarts it on every streamed delta), so one request never has
 * two timers. Only a bare call with no signal (a model list on the Models page, a one-off request)
 * falls back to the configured timeout: the whole timeout without streaming; with streaming,
 * touch() on every chunk makes it bound the wait for each chunk rather than the whole answer.
 */
export class RequestDeadline {
  /** The caller's signal when it brought one (engine cost target, issue #17 item 7: no linked controller per request), else our own. */
  readonly signal: AbortSignal;
  /** True once our own timer (bare calls only), not the caller, aborted the request. */
  timedOut = false;
  /** True once the server sent response headers: a later network error is a dropped answer, not an unreachable server. */
  responded = false;
  /** Headers of the last response, for SDKs whose errors drop them (Gemini: Retry-After). */
  responseHeaders: Headers | null = null;
  private readonly controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    outer: AbortSignal | undefined,
    readonly timeoutMs: number,
    /** The HTTP client (ProviderConfig.fetch); the global fetch when absent. */
    private readonly http?: typeof fetch,
  ) {
    if (outer) this.signal = outer;
    else {
      this.controller = new AbortController();
      this.signal = this.controller.signal;
    }
    this.touch();
  }

  /** Restarts our own timer, when we have one: only a bare call (no caller signal) does. */
  touch(): void {
    clearTimeout(this.timer);
    if (!this.controller || this.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller!.abort(new DOMException(`No answer within ${this.timeoutMs} ms`, 'TimeoutError'));
    }, this.timeoutMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  /** A fetch bound to this deadline that notes when headers arrive; given to the SDKs. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // The SDKs pass their own signal, linked to the one we gave them; ours is added so our timer
    // aborts the body read too.
    const signal = init?.signal ? AbortSignal.any([init.signal, this.signal]) : this.signal;
    const response = await (this.http ?? globalThis.fetch)(input, { ...init, signal });
    this.responded = true;
    this.responseHeaders = response.headers;
    return response;
  };
}

/**
 * Runs one request under a fresh deadline: what `run` throws goes through `toError`, and the
 * deadline is always disposed. Every adapter's chat and model list has this shape.
 */
export async function underDeadline<T>(
  signal: AbortSignal | undefined,
  connection: { timeoutMs: number; fetch?: typeof fetch },
  run: (deadline: RequestDeadline) => Promise<T>,
  toError: (e: unknown, deadline: RequestDeadline) => Error,
): Promise<T> {
  const deadline = new RequestDeadline(signal, connection.timeoutMs, connection.fetch);
  try {
    return await run(deadline);
  } catch (e) {
    throw toError(e, deadline);
  } finally {
    deadline.dispose();
  }
}
