/** Faults the provider test server can inject, and the queue that hands them out. */

export type WireFormat = 'openai' | 'anthropic' | 'gemini';

/**
 * One fault, as sent in `POST /__control {"faults": [...]}`.
 * - status: answer with this HTTP status in the format's error shape (429 and 503 may carry Retry-After);
 * - hang: never answer, until the client aborts;
 * - stream_cut: destroy the socket after `afterDeltas` text deltas (non-streaming: mid-body);
 * - content_filter: the format's filter stop with no text;
 * - empty: a normal stop with no text.
 * Hostile and broken servers:
 * - json_error: HTTP 200 whose JSON body is the format's error (default: a used-up quota);
 * - cut_json: the same, cut off inside the body though the response ends cleanly;
 * - bad_sse_line: one malformed data line after `afterDeltas` deltas (default 1), then the rest;
 * - drip: the answer sent one byte every `intervalMs` (default 200);
 * - huge: an answer of `chars` characters (default 50 MB) in deltas of `deltaChars` (default 1024).
 */
export type FaultSpec = (
  | { kind: 'status'; status: number; retryAfter?: number | string }
  | { kind: 'hang' }
  | { kind: 'stream_cut'; afterDeltas?: number }
  | { kind: 'content_filter' }
  | { kind: 'empty' }
  | { kind: 'json_error' | 'cut_json'; status?: number; message?: string; code?: string }
  | { kind: 'bad_sse_line'; afterDeltas?: number }
  | { kind: 'drip'; intervalMs?: number }
  | { kind: 'huge'; chars?: number; deltaChars?: number }
) & {
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Only requests in this wire format. */
  format?: WireFormat;
  /** Only requests whose last user message contains this substring. */
  match?: string;
};

/** Faults apply to generation requests only; model lists are never faulted. */
export class FaultQueue {
  private queue: FaultSpec[] = [];

  add(faults: FaultSpec[]): void {
    for (const f of faults) this.queue.push({ ...f, times: f.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  pending(): FaultSpec[] {
    return this.queue.map((f) => ({ ...f }));
  }

  /** Takes the first fault matching this request, counting one use of it. */
  take(format: WireFormat, lastUserMessage: string): FaultSpec | null {
    const i = this.queue.findIndex(
      (f) => (!f.format || f.format === format) && (!f.match || lastUserMessage.includes(f.match)),
    );
    if (i < 0) return null;
    const fault = this.queue[i]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.queue.splice(i, 1);
    return fault;
  }
}

/** The name a fault is counted under in `/__stats`, e.g. "status:429", "hang". */
export function faultName(f: FaultSpec): string {
  return f.kind === 'status' ? `status:${f.status}` : f.kind;
}
