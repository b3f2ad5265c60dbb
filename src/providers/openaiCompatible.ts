/**
 * OpenAI-compatible chat completions (OpenAI, OpenRouter, Together, Groq, DeepSeek, Mistral,
 * Ollama, LM Studio, llama.cpp, vLLM, any base URL).
 *
 * Written on fetch rather than the openai SDK, for three reasons: the SDK refuses to start
 * without a key, which local servers do not need; it adds x-stainless-* headers that every
 * server's CORS preflight must allow by name (Ollama allows a fixed list, llama-server can narrow
 * its allowed headers), so a page calling a local server could be blocked by headers we do not
 * need; and compatible servers differ in small ways (error bodies, usage in x_groq, Mistral's
 * field names) that are plainer to absorb here than around the SDK's types.
 */
import {
  ProviderError,
  type ChatRequest,
  type ChatResult,
  type FinishReason,
  type ModelInfo,
  type Provider,
  type ProviderConfig,
  type Usage,
} from '../core/provider';
import { connectionFor, type Connection, type WireQuirks } from './presets';
import {
  errorFromStatus,
  errorFromThrown,
  errorInAnswer,
  errorInCutJson,
  parseRetryAfter,
  StreamEndedEarly,
  type ErrorInAnswer,
} from './providerErrors';
import { RequestDeadline, underDeadline } from './requestDeadline';
import { jsonData, readSse } from './sse';


type Json = Record<string, unknown>;

export function createProvider(config: ProviderConfig): Provider {
  return new OpenAICompatibleProvider(config);
}

export function mapFinishReason(raw: string | null): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    default:
      return 'other';
  }
}

export class OpenAICompatibleProvider implements Provider {
  readonly kind = 'openai-compatible';
  readonly concurrencyKey: string;
  readonly maxConcurrency: number;
  /** Base URL, key, timeout and error context, resolved once from the config. */
  private readonly c: Connection;
  private readonly wire: WireQuirks;

  constructor(config: ProviderConfig) {
    const c = connectionFor(config);
    if (!c.baseUrl) {
      throw new ProviderError('No base URL is set for this OpenAI-compatible provider: enter the address of its API.', 'fatal');
    }
    this.c = c;
    this.concurrencyKey = c.concurrencyKey;
    this.maxConcurrency = c.maxConcurrency;
    this.wire = c.preset?.wire ?? {};
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    const stream = req.onToken !== undefined;
    const answer = await underDeadline(req.signal, this.c, async (deadline) => {
      const res = await deadline.fetch(`${this.c.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(chatCompletionBody(req, this.wire, stream)),
      });
      if (!res.ok) throw await this.httpError(res, req.model);
      // A 200 in JSON to a streamed request is most often an error in disguise: read it whole.
      const json = !stream || (res.headers.get('content-type') ?? '').includes('application/json');
      return json ? readCompletion(await this.jsonAnswer(res, req.model)) : await this.readStream(res, req, deadline);
    }, (e, deadline) => errorFromThrown(this.c.ctx, e, deadline));
    return { ...answer, latency_ms: Math.round(performance.now() - started) };
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return underDeadline(signal, this.c, async (deadline) => {
      const res = await deadline.fetch(`${this.c.baseUrl}/models`, { headers: this.headers() });
      if (!res.ok) throw await this.httpError(res);
      const body = (await res.json()) as { data?: { id?: unknown }[] };
      return (body.data ?? []).filter((m) => typeof m.id === 'string').map((m) => ({ id: m.id as string }));
    }, (e, deadline) => errorFromThrown(this.c.ctx, e, deadline));
  }

  classifyError(e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    return new ProviderError(`${this.c.ctx.label} failed in an unexpected way.`, 'transient');
  }

  private headers(): Record<string, string> {
    // Only Content-Type and Authorization: the fewer headers, the fewer CORS preflight refusals.
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.c.apiKey) headers.Authorization = `Bearer ${this.c.apiKey}`;
    return headers;
  }

  private async httpError(res: Response, model?: string): Promise<ProviderError> {
    const text = await res.text().catch(() => '');
    let body: Json = {};
    try {
      body = JSON.parse(text) as Json;
    } catch {
      // Not JSON (a proxy's HTML page, a plain-text error): quote nothing from it.
    }
    return errorFromStatus(this.c.ctx, {
      status: res.status,
      retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')),
      ...describeError(body),
      model,
    });
  }

  /**
   * A 200's JSON body. An error in it, or in what can be read of a body cut short, throws as the
   * provider's own message; a cut body that says nothing is an answer that could not be read.
   */
  private async jsonAnswer(res: Response, model: string): Promise<Json> {
    const text = await res.text();
    let body: Json;
    try {
      body = JSON.parse(text) as Json;
    } catch (e) {
      const said = errorInCutJson(text);
      throw said ? errorInAnswer(this.c.ctx, said, model) : e;
    }
    if (body.error && !body.choices) throw errorInAnswer(this.c.ctx, errorOf(body), model);
    return body;
  }

  private async readStream(res: Response, req: ChatRequest, deadline: RequestDeadline): Promise<Omit<ChatResult, 'latency_ms'>> {
    if (!res.body) throw new StreamEndedEarly();
    let text = '';
    let raw: string | null = null;
    let usage: Usage = { input_tokens: null, output_tokens: null };
    let model: string | null = null;
    let sawDone = false;
    for await (const event of readSse(res.body)) {
      deadline.touch();
      if (event.data === '[DONE]') {
        sawDone = true;
        break;
      }
      const chunk = jsonData(event);
      if (!chunk) continue;
      // OpenRouter and others report a failure after the 200 as a chunk with an error object.
      if (chunk.error) throw errorInAnswer(this.c.ctx, errorOf(chunk), req.model);
      if (typeof chunk.model === 'string') model ??= chunk.model;
      const choice = (chunk.choices as Json[] | undefined)?.[0];
      const delta = (choice?.delta as Json | undefined)?.content;
      if (typeof delta === 'string' && delta.length > 0) {
        text += delta;
        req.onToken?.(delta);
      }
      if (typeof choice?.finish_reason === 'string') raw = choice.finish_reason;
      // Groq puts streamed usage in x_groq.usage.
      const u = chunk.usage ?? (chunk.x_groq as Json | undefined)?.usage;
      if (u) usage = readUsage(u);
    }
    if (!sawDone && raw === null) throw new StreamEndedEarly();
    return { text, finish_reason: mapFinishReason(raw), raw_finish_reason: raw, usage, model };
  }
}

/**
 * The body of a chat completion request. A batch line (providers/batch) carries this same body,
 * so a batch run asks exactly what a live run asks.
 */
export function chatCompletionBody(req: Pick<ChatRequest, 'model' | 'messages' | 'params'>, wire: WireQuirks, stream: boolean): Json {
  const p = req.params;
  const body: Json = {
    model: req.model,
    messages: req.messages,
    temperature: p.temperature,
    [wire.maxTokensField ?? 'max_tokens']: p.max_tokens,
  };
  if (p.top_p !== undefined) body.top_p = p.top_p;
  if (p.seed !== undefined) body[wire.seedField ?? 'seed'] = p.seed;
  if (stream) {
    body.stream = true;
    if (wire.streamUsage !== false) body.stream_options = { include_usage: true };
  }
  return body;
}

/** A chat completion's answer, from a live response or a batch result line's body. */
export function readCompletion(body: Json): Omit<ChatResult, 'latency_ms'> {
  const choice = (body.choices as Json[] | undefined)?.[0];
  const message = choice?.message as Json | undefined;
  const raw = typeof choice?.finish_reason === 'string' ? choice.finish_reason : null;
  return {
    text: typeof message?.content === 'string' ? message.content : '',
    finish_reason: mapFinishReason(raw),
    raw_finish_reason: raw,
    usage: readUsage(body.usage),
    model: typeof body.model === 'string' ? body.model : null,
  };
}

function readUsage(u: unknown): Usage {
  const usage = (u ?? {}) as Json;
  const n = (v: unknown) => (typeof v === 'number' ? v : null);
  return { input_tokens: n(usage.prompt_tokens), output_tokens: n(usage.completion_tokens) };
}

/** An error object sent with a 200: its message, its code (or type) and any numeric status. */
function errorOf(body: Json): ErrorInAnswer {
  const error = (typeof body.error === 'object' && body.error !== null ? body.error : {}) as Json;
  const status = [error.code, error.status, body.status].find((v): v is number => typeof v === 'number') ?? null;
  const { detail, code } = describeError(body);
  return { detail, code: code ?? (typeof error.type === 'string' ? error.type : null), status };
}

/** The message and code of an error body in the shapes compatible servers use. */
function describeError(body: Json): { detail: string | null; code: string | null } {
  const error = body.error;
  if (typeof error === 'string') return { detail: error, code: null }; // Ollama: {"error": "..."}
  const e = (error ?? body) as Json; // vLLM puts message and code at the top level
  return {
    detail: typeof e.message === 'string' ? e.message : null,
    code: typeof e.code === 'string' ? e.code : null,
  };
}
