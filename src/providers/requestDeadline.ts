/**
 * One request's abort signal: the caller's signal plus our own timeout. Non-streaming requests
 * get the whole timeout; streaming ones call touch() on every chunk, so the timeout bounds the
 * wait for each chunk rather than the whole answer (a slow local model may stream for minutes).
 */
export class RequestDeadline {
  readonly signal: AbortSignal;
  /** True once our timer, not the caller, aborted the request. */
  timedOut = false;
  /** True once the server sent response headers: a later network error is a dropped answer, not an unreachable server. */
  responded = false;
  /** Headers of the last response, for SDKs whose errors drop them (Gemini: Retry-After). */
  responseHeaders: Headers | null = null;
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onOuterAbort = () => this.controller.abort(this.outer?.reason);

  constructor(
    private readonly outer: AbortSignal | undefined,
    readonly timeoutMs: number,
  ) {
    this.signal = this.controller.signal;
    if (outer?.aborted) this.controller.abort(outer.reason);
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.touch();
  }

  touch(): void {
    clearTimeout(this.timer);
    if (this.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException(`No answer within ${this.timeoutMs} ms`, 'TimeoutError'));
    }, this.timeoutMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }

  /** A fetch bound to this deadline that notes when headers arrive; given to the SDKs. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // The SDKs pass their own signal, linked to the one we gave them; ours is added so our timer
    // aborts the body read too.
    const signal = init?.signal ? AbortSignal.any([init.signal, this.signal]) : this.signal;
    const response = await globalThis.fetch(input, { ...init, signal });
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
  timeoutMs: number,
  run: (deadline: RequestDeadline) => Promise<T>,
  toError: (e: unknown, deadline: RequestDeadline) => Error,
): Promise<T> {
  const deadline = new RequestDeadline(signal, timeoutMs);
  try {
    return await run(deadline);
  } catch (e) {
    throw toError(e, deadline);
  } finally {
    deadline.dispose();
  }
}
