/**
 * The three wire formats the provider test server speaks: request parsing, answer bodies, SSE
 * frames, error bodies and model lists, shaped like the real APIs so the official SDKs accept them.
 */
import { createHash } from 'node:crypto';
import type { WireFormat } from './faults.ts';

/** A generation request, reduced to what the server needs. */
export interface Generation {
  format: WireFormat;
  model: string;
  stream: boolean;
  /** OpenAI: stream_options.include_usage. */
  includeUsage: boolean;
  lastUser: string;
  inputTokens: number;
  maxTokens: number | null;
}

export type Outcome = 'stop' | 'length' | 'filter';

/** What the server answers: the text deltas (joined, the answer text) and how it ended. */
export interface Answer {
  deltas: string[];
  outcome: Outcome;
}

/** One SSE frame; `delta` marks frames that carry answer text (stream cuts count them). */
export interface Frame {
  text: string;
  delta: boolean;
}

/** The answer the server gives to a model and last user message, so tests can check it. */
export function expectedAnswer(model: string, lastUserMessage: string): string {
  const hash = createHash('sha256').update(lastUserMessage).digest('hex').slice(0, 8);
  return `Answer from ${model} to ${hash}: take the next step with care and check back if anything changes.`;
}

/** Splits text into word deltas ("Answer ", "from ", ...); one delta counts as one token. */
export function wordDeltas(text: string): string[] {
  return text.split(/(?<= )/).filter((w) => w.length > 0);
}

export function countTokens(texts: string[]): number {
  return texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
}

type Json = Record<string, unknown>;

/** Text of a message's content in any of the formats' shapes (string, blocks or parts). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === 'object' && typeof p.text === 'string' ? p.text : '')).join('');
  }
  return '';
}

function asNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Parses a generation body; a string result is a 400 message. */
export function parseGeneration(format: WireFormat, body: Json, pathModel: string | null, stream: boolean): Generation | string {
  if (format === 'gemini') {
    const contents = Array.isArray(body.contents) ? (body.contents as Json[]) : null;
    if (!contents || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
    const texts = contents.map((c) => textOf(c.parts));
    const users = contents.filter((c) => c.role !== 'model');
    const system = body.systemInstruction as Json | undefined;
    const config = (body.generationConfig ?? {}) as Json;
    return {
      format,
      model: pathModel ?? '',
      stream,
      includeUsage: true,
      lastUser: textOf(users.at(-1)?.parts),
      inputTokens: countTokens([...texts, textOf(system?.parts)]),
      maxTokens: asNumber(config.maxOutputTokens),
    };
  }
  if (typeof body.model !== 'string') return format === 'openai' ? 'you must provide a model parameter' : 'model: Field required';
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : null;
  if (!messages) return format === 'openai' ? "Missing required parameter: 'messages'." : 'messages: Field required';
  if (format === 'anthropic' && asNumber(body.max_tokens) === null) return 'max_tokens: Field required';
  const users = messages.filter((m) => m.role === 'user');
  const texts = messages.map((m) => textOf(m.content));
  if (format === 'anthropic') texts.push(textOf(body.system));
  const streamOptions = (body.stream_options ?? {}) as Json;
  return {
    format,
    model: body.model,
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
    lastUser: textOf(users.at(-1)?.content),
    inputTokens: countTokens(texts),
    maxTokens: asNumber(body.max_tokens) ?? asNumber(body.max_completion_tokens),
  };
}

const FINISH: Record<WireFormat, Record<Outcome, string>> = {
  openai: { stop: 'stop', length: 'length', filter: 'content_filter' },
  anthropic: { stop: 'end_turn', length: 'max_tokens', filter: 'refusal' },
  gemini: { stop: 'STOP', length: 'MAX_TOKENS', filter: 'SAFETY' },
};

let counter = 0;
function newId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}`;
}

const CREATED = 1_700_000_000;

function sse(data: unknown, event?: string, delta = false, eol = '\n'): Frame {
  const head = event ? `event: ${event}${eol}` : '';
  return { text: `${head}data: ${typeof data === 'string' ? data : JSON.stringify(data)}${eol}${eol}`, delta };
}

/** The non-streaming answer body. */
export function answerBody(g: Generation, a: Answer): Json {
  const text = a.deltas.join('');
  const out = a.deltas.length;
  const finish = FINISH[g.format][a.outcome];
  if (g.format === 'openai') {
    return {
      id: newId('chatcmpl-'),
      object: 'chat.completion',
      created: CREATED,
      model: g.model,
      choices: [
        { index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: finish },
      ],
      usage: { prompt_tokens: g.inputTokens, completion_tokens: out, total_tokens: g.inputTokens + out },
    };
  }
  if (g.format === 'anthropic') {
    return {
      id: newId('msg_'),
      type: 'message',
      role: 'assistant',
      model: g.model,
      content: text ? [{ type: 'text', text }] : [],
      stop_reason: finish,
      stop_sequence: null,
      usage: { input_tokens: g.inputTokens, output_tokens: out },
    };
  }
  return geminiChunk(g, a.outcome === 'filter' ? null : text, finish, out, a.outcome === 'filter');
}

function geminiChunk(g: Generation, text: string | null, finish: string | null, out: number | null, filtered = false): Json {
  const candidate: Json = { index: 0 };
  if (text !== null) candidate.content = { parts: [{ text }], role: 'model' };
  if (finish) candidate.finishReason = finish;
  if (filtered) {
    candidate.safetyRatings = [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }];
  }
  const usage: Json = { promptTokenCount: g.inputTokens, totalTokenCount: g.inputTokens + (out ?? 0) };
  if (out !== null) usage.candidatesTokenCount = out;
  return { candidates: [candidate], usageMetadata: usage, modelVersion: g.model, responseId: newId('resp-') };
}

/** The SSE frames of a streamed answer, in each API's real event order. */
export function streamFrames(g: Generation, a: Answer): Frame[] {
  const out = a.deltas.length;
  const finish = FINISH[g.format][a.outcome];
  if (g.format === 'openai') {
    const id = newId('chatcmpl-');
    const usageField = g.includeUsage ? { usage: null } : {};
    const chunk = (delta: Json, finishReason: string | null): Json => ({
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: g.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...usageField,
    });
    const frames = [sse(chunk({ role: 'assistant', content: '', refusal: null }, null))];
    for (const d of a.deltas) frames.push(sse(chunk({ content: d }, null), undefined, true));
    frames.push(sse(chunk({}, finish)));
    if (g.includeUsage) {
      frames.push(
        sse({
          id,
          object: 'chat.completion.chunk',
          created: CREATED,
          model: g.model,
          choices: [],
          usage: { prompt_tokens: g.inputTokens, completion_tokens: out, total_tokens: g.inputTokens + out },
        }),
      );
    }
    frames.push(sse('[DONE]'));
    return frames;
  }
  if (g.format === 'anthropic') {
    const message = {
      id: newId('msg_'),
      type: 'message',
      role: 'assistant',
      model: g.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: g.inputTokens, output_tokens: 1 },
    };
    const frames = [sse({ type: 'message_start', message }, 'message_start')];
    if (out > 0) {
      frames.push(
        sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
        sse({ type: 'ping' }, 'ping'),
      );
      for (const d of a.deltas) {
        frames.push(
          sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: d } }, 'content_block_delta', true),
        );
      }
      frames.push(sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
    }
    frames.push(
      sse(
        { type: 'message_delta', delta: { stop_reason: finish, stop_sequence: null }, usage: { output_tokens: out } },
        'message_delta',
      ),
      sse({ type: 'message_stop' }, 'message_stop'),
    );
    return frames;
  }
  // Gemini sends one JSON chunk per event, CRLF-delimited; the last chunk carries finishReason and usage.
  const frames = a.deltas.map((d, i) =>
    i === out - 1
      ? sse(geminiChunk(g, d, finish, out), undefined, true, '\r\n')
      : sse(geminiChunk(g, d, null, null), undefined, true, '\r\n'),
  );
  if (out === 0) frames.push(sse(geminiChunk(g, a.outcome === 'filter' ? null : '', finish, 0, a.outcome === 'filter'), undefined, false, '\r\n'));
  return frames;
}

const GEMINI_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const ANTHROPIC_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const DEFAULT_MESSAGE: Record<number, string> = {
  400: 'Invalid request.',
  401: 'Invalid authentication.',
  403: 'Permission denied.',
  404: 'Not found.',
  429: 'Rate limit reached for requests. Please try again later.',
  500: 'The server had an error while processing your request.',
  503: 'The model is overloaded. Please try again later.',
};

/** An error body in the format's real shape. `details` is Gemini's error.details. */
export function errorBody(format: WireFormat, status: number, message?: string, code?: string | null, details?: Json[]): Json {
  const text = message ?? DEFAULT_MESSAGE[status] ?? `HTTP ${status}`;
  if (format === 'openai') {
    const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
    return { error: { message: text, type, param: null, code: code ?? (status === 429 ? 'rate_limit_exceeded' : null) } };
  }
  if (format === 'anthropic') {
    const type = ANTHROPIC_TYPE[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { type: 'error', error: { type, message: text }, request_id: newId('req_') };
  }
  const error: Json = { code: status, message: text, status: GEMINI_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') };
  if (details) error.details = details;
  return { error };
}

export function unknownModelBody(format: WireFormat, model: string): Json {
  if (format === 'openai') {
    return errorBody(format, 404, `The model \`${model}\` does not exist or you do not have access to it.`, 'model_not_found');
  }
  if (format === 'anthropic') return errorBody(format, 404, `model: ${model}`);
  return errorBody(
    format,
    404,
    `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
  );
}

/** The rejected-key body. Gemini really answers 400 API_KEY_INVALID (403 when no key is sent), not 401. */
export function badKeyResponse(format: WireFormat, sentKey: string | null): { status: number; body: Json } {
  if (format === 'openai') {
    const masked = sentKey ? `${sentKey.slice(0, 3)}${'*'.repeat(Math.max(0, sentKey.length - 7))}${sentKey.slice(-4)}` : '';
    const message = sentKey
      ? `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`
      : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    return { status: 401, body: errorBody(format, 401, message, sentKey ? 'invalid_api_key' : null) };
  }
  if (format === 'anthropic') {
    return { status: 401, body: errorBody(format, 401, sentKey ? 'invalid x-api-key' : 'x-api-key header is required') };
  }
  if (!sentKey) {
    return {
      status: 403,
      body: errorBody(
        format,
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      ),
    };
  }
  return {
    status: 400,
    body: errorBody(format, 400, 'API key not valid. Please pass a valid API key.', null, [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
    ]),
  };
}

export function modelsBody(format: WireFormat, ids: string[]): Json {
  if (format === 'openai') {
    return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'iatroscope-test' })) };
  }
  if (format === 'anthropic') {
    return {
      data: ids.map((id) => ({ type: 'model', id, display_name: `Test ${id}`, created_at: '2025-01-01T00:00:00Z' })),
      has_more: false,
      first_id: ids[0] ?? null,
      last_id: ids.at(-1) ?? null,
    };
  }
  return {
    models: ids.map((id) => ({
      name: `models/${id}`,
      version: '001',
      displayName: `Test ${id}`,
      description: 'A model of the provider test server.',
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    })),
  };
}
