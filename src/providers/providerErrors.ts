/**
 * Turns what a provider sent or threw into a ProviderError: rate_limit, transient or fatal, with
 * one plain sentence a user can act on. Every message passes through redact(), so a key that a
 * provider echoes back (or one pasted into a base URL) never reaches the UI or a log.
 */
import { ProviderError, type ErrorKind } from '../core/provider';
import type { RequestDeadline } from './requestDeadline';

export interface ErrorContext {
  /** The provider as the user knows it: "OpenAI", "Ollama", "Anthropic". */
  label: string;
  baseUrl: string;
  apiKey?: string;
  /** For local servers: what to do when the page cannot reach them ("{origin}" is filled in). */
  unreachableFix?: string;
  /** Where the user enters the key ('for "OpenAI" on the Models page'); see ProviderConfig.keyPlace. */
  keyPlace?: string;
}

/** What an HTTP error response said, reduced to what classification needs. */
export interface HttpFailure {
  status: number;
  retryAfterSeconds: number | null;
  /** The provider's own message, if any. */
  detail: string | null;
  /** A machine code from the body: OpenAI error.code, Gemini ErrorInfo reason. */
  code: string | null;
  /** The model asked for, to name it in a 404. */
  model?: string;
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function redact(text: string, key: string | undefined): string {
  return key && key.length >= 4 ? text.split(key).join('[key]') : text;
}

/** The page's origin, for "allow this origin" advice; Node (CLI, tests) has none. */
export function pageOrigin(): string {
  return typeof location !== 'undefined' && location.origin !== 'null' ? location.origin : 'http://127.0.0.1:5173';
}

/** " Enter one for "OpenAI" on the Models page.", or nothing when the place is not known. */
export function enterOne(ctx: ErrorContext): string {
  return ctx.keyPlace ? ` Enter one ${ctx.keyPlace}.` : '';
}

function make(ctx: ErrorContext, message: string, kind: ErrorKind, status: number | null = null, retryAfter: number | null = null) {
  // Labels like "the server at ..." may open the sentence.
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return new ProviderError(redact(sentence, ctx.apiKey), kind, status, retryAfter);
}

/** A provider's message made fit to quote inside our sentence: one line, short, no final stop. */
function quote(detail: string | null): string {
  if (!detail) return '';
  let text = detail.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
  if (text.length > 160) text = `${text.slice(0, 157)}...`;
  return text ? `: ${text}` : '';
}

export function errorFromStatus(ctx: ErrorContext, f: HttpFailure): ProviderError {
  const { label } = ctx;
  const s = f.status;
  if (s === 401 || f.code === 'API_KEY_INVALID' || f.code === 'invalid_api_key') {
    return ctx.apiKey
      ? make(ctx, `The API key was rejected by ${label} (${s}). ${ctx.keyPlace ? `Check it, and enter it again ${ctx.keyPlace}.` : 'Check the key.'}`, 'fatal', s)
      : make(ctx, `${label} asked for an API key (${s}) and none is set.${enterOne(ctx)}`, 'fatal', s);
  }
  if (s === 402) return make(ctx, `${label} refused the request for lack of credit (402). Check the account's billing.`, 'fatal', s);
  if (s === 403) return make(ctx, `${label} refused access (403)${quote(f.detail)}.`, 'fatal', s);
  if (s === 404) {
    const what = f.model ? `the model "${f.model}"` : 'this request';
    return make(ctx, `${label} does not know ${what} (404); check the model name and the base URL.`, 'fatal', s);
  }
  if (s === 429) {
    // OpenAI says insufficient_quota with a 429 when the account has run dry: waiting will not help.
    if (f.code === 'insufficient_quota') {
      return make(ctx, `${label} says the account's quota is used up (429). Check its plan and billing.`, 'fatal', s);
    }
    const wait = f.retryAfterSeconds !== null ? ` and asked to wait ${Math.ceil(f.retryAfterSeconds)} s` : '';
    return make(ctx, `${label} is rate-limiting requests (429)${wait}.`, 'rate_limit', s, f.retryAfterSeconds);
  }
  if (s === 408) return make(ctx, `${label} timed out on its side (408).`, 'transient', s);
  if (s === 503 || s === 529) {
    return make(ctx, `${label} is overloaded or unavailable (${s}); try again later.`, 'transient', s, f.retryAfterSeconds);
  }
  if (s >= 500) return make(ctx, `${label} had a server error (${s}).`, 'transient', s, f.retryAfterSeconds);
  return make(ctx, `${label} rejected the request (${s})${quote(f.detail)}.`, 'fatal', s);
}

/** What an error sent as the answer itself says: its message, code and status, when it gives them. */
export interface ErrorInAnswer {
  detail: string | null;
  code: string | null;
  status: number | null;
}

/** The HTTP status an error's code or message stands for, when a 200 carried it. */
function statusOfError(e: ErrorInAnswer): number {
  const words = `${e.code ?? ''} ${e.detail ?? ''}`;
  if (/quota|billing|credit|payment/i.test(words)) return 402;
  if (/api.?key|auth|unauthori[sz]ed/i.test(words)) return 401;
  if (/permission|forbidden/i.test(words)) return 403;
  if (/rate.?limit|too many requests/i.test(words)) return 429;
  if (/overload|unavailable/i.test(words)) return 503;
  return 500;
}

/**
 * An error sent with HTTP 200 (as the whole body, or as a chunk of a stream): classified as its
 * status or its words say, so a used-up quota or a bad key is not retried, and the provider's
 * own message is always quoted.
 */
export function errorInAnswer(ctx: ErrorContext, e: ErrorInAnswer, model?: string): ProviderError {
  const given = e.status !== null && e.status >= 400;
  const status = given ? e.status! : statusOfError(e);
  const base = errorFromStatus(ctx, { status, retryAfterSeconds: null, detail: e.detail, code: e.code, model });
  // A status we inferred was never sent: it is not quoted as if it had been.
  const message = given ? base.message : base.message.replace(` (${status})`, '');
  const said = quote(e.detail);
  if (!said || message.includes(said)) return make(ctx, message, base.kind, base.status);
  // base is already redacted; the quote passes through make() and is redacted too.
  return make(ctx, `${message.replace(/\.$/, '')}. ${ctx.label} said${said}.`, base.kind, base.status);
}

/**
 * The message and code of an error body cut short (the connection closed mid-JSON): read with a
 * pattern, since the JSON cannot be parsed. Null when it shows none.
 */
export function errorInCutJson(text: string): ErrorInAnswer | null {
  const field = (name: string) => {
    const m = new RegExp(`"${name}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
    if (!m) return null;
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      return m[1]!;
    }
  };
  const detail = field('message');
  return detail === null ? null : { detail, code: field('code') ?? field('type'), status: null };
}

export function timeoutError(ctx: ErrorContext, timeoutMs: number): ProviderError {
  return make(ctx, `${ctx.label} did not answer within ${Math.round(timeoutMs / 1000)} s.`, 'transient');
}

/**
 * Classifies a thrown value that is not an HTTP error response: our timeout, the caller's abort,
 * a connection dropped mid-answer, or a server that could not be reached (in a browser a CORS
 * refusal looks exactly like a server that is down, so the message names both).
 */
export function errorFromThrown(ctx: ErrorContext, e: unknown, deadline: RequestDeadline): ProviderError {
  if (e instanceof ProviderError) return make(ctx, e.message, e.kind, e.status, e.retryAfterSeconds);
  if (deadline.timedOut) return timeoutError(ctx, deadline.timeoutMs);
  if (deadline.signal.aborted) return make(ctx, `The request to ${ctx.label} was cancelled.`, 'transient');
  if (e instanceof SyntaxError) return make(ctx, `${ctx.label} sent an answer that could not be read.`, 'transient');
  if (deadline.responded) return make(ctx, `The connection to ${ctx.label} dropped before the answer was complete.`, 'transient');
  return unreachable(ctx);
}

export function unreachable(ctx: ErrorContext): ProviderError {
  const where = `Could not reach ${ctx.label}${ctx.label.includes(ctx.baseUrl) ? '' : ` at ${ctx.baseUrl}`}`;
  const message = ctx.unreachableFix
    ? `${where}: it is not running or it blocks this page (CORS); ${ctx.unreachableFix.replaceAll('{origin}', pageOrigin())}.`
    : `${where}: check the network connection, or the provider may not accept requests from a browser page (CORS).`;
  return make(ctx, message, 'transient');
}

/** The stream ended without the provider's end marker: treated like a dropped connection. */
export class StreamEndedEarly extends Error {
  constructor() {
    super('The answer stream ended before its end marker.');
  }
}
