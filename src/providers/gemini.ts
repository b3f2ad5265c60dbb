/**
 * Gemini API through the official @google/genai SDK. The SDK sends the key in the
 * x-goog-api-key header (never in the URL), makes one attempt when no retryOptions are given,
 * and takes our fetch, which ties the request to its deadline and keeps the response headers
 * its ApiError drops (Retry-After).
 */
import { ApiError, GoogleGenAI, type GenerateContentConfig, type GenerateContentResponse } from '@google/genai';
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
import { connectionFor, type Connection } from './presets';
import { enterOne, errorFromStatus, errorFromThrown, parseRetryAfter, StreamEndedEarly } from './providerErrors';
import { RequestDeadline, underDeadline } from './requestDeadline';


export function createProvider(config: ProviderConfig): Provider {
  return new GeminiProvider(config);
}

/** Finish reasons that mean a filter stopped the answer (safety, blocklists, recitation, PII). */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'MODEL_ARMOR',
]);

export function mapFinishReason(raw: string | null): FinishReason {
  if (raw === 'STOP') return 'stop';
  if (raw === 'MAX_TOKENS') return 'length';
  if (raw !== null && FILTERED.has(raw)) return 'content_filter';
  if (raw === 'UNEXPECTED_TOOL_CALL' || raw === 'TOO_MANY_TOOL_CALLS') return 'tool_calls';
  return 'other';
}

type Answer = Omit<ChatResult, 'latency_ms'>;

/** The parts of a response chunk we keep. */
interface Chunk {
  text: string;
  /** finishReason, or the prompt's blockReason when the prompt itself was blocked. */
  raw: string | null;
  usage: Usage | null;
  model: string | null;
}

function readChunk(r: GenerateContentResponse): Chunk {
  const candidate = r.candidates?.[0];
  // Thought parts are the model's reasoning, not its answer.
  const text = (candidate?.content?.parts ?? []).map((p) => (p.thought ? '' : (p.text ?? ''))).join('');
  const m = r.usageMetadata;
  // Thinking tokens are billed as output, so they count as output here.
  const output = m?.candidatesTokenCount ?? m?.thoughtsTokenCount;
  const usage = m
    ? {
        input_tokens: m.promptTokenCount ?? null,
        output_tokens: output === undefined ? null : (m.candidatesTokenCount ?? 0) + (m.thoughtsTokenCount ?? 0),
      }
    : null;
  return {
    text,
    raw: candidate?.finishReason ?? r.promptFeedback?.blockReason ?? null,
    usage,
    model: r.modelVersion ?? null,
  };
}

/**
 * The generateContent parameters of a request (the SDK's shape). A batch's inlined request
 * (providers/batch) carries these same contents and config, so a batch run asks exactly what a
 * live run asks.
 */
export function generateParams(req: Pick<ChatRequest, 'model' | 'messages' | 'params'>): {
  model: string;
  contents: { role: string; parts: { text: string }[] }[];
  config: GenerateContentConfig;
} {
  const system = req.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const contents = req.messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] }));
  const p = req.params;
  return {
    model: req.model,
    contents,
    config: {
      temperature: p.temperature,
      maxOutputTokens: p.max_tokens,
      ...(p.top_p !== undefined ? { topP: p.top_p } : {}),
      ...(p.seed !== undefined ? { seed: p.seed } : {}),
      ...(system ? { systemInstruction: system } : {}),
    },
  };
}

/** A whole (not streamed) response's answer, from a live call or a batch's inlined response. */
export function readResponse(r: GenerateContentResponse): Answer {
  const c = readChunk(r);
  return { text: c.text, finish_reason: mapFinishReason(c.raw), raw_finish_reason: c.raw, usage: c.usage ?? noUsage(), model: c.model };
}

export class GeminiProvider implements Provider {
  readonly kind = 'gemini';
  readonly concurrencyKey: string;
  readonly maxConcurrency: number;
  /** Base URL, key, timeout and error context, resolved once from the config. */
  private readonly c: Connection;

  constructor(config: ProviderConfig) {
    this.c = connectionFor(config, { preset: 'gemini', label: 'Gemini' });
    this.concurrencyKey = this.c.concurrencyKey;
    this.maxConcurrency = this.c.maxConcurrency;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    const answer = await underDeadline(req.signal, this.c, async (deadline): Promise<Answer> => {
      const ai = this.client(deadline);
      const request = generateParams(req);
      const params = { ...request, config: { ...request.config, abortSignal: deadline.signal } };
      if (req.onToken) return await this.readStream(await ai.models.generateContentStream(params), req, deadline);
      return readResponse(await ai.models.generateContent(params));
    }, (e, deadline) => this.toError(e, deadline, req.model));
    return { ...answer, latency_ms: Math.round(performance.now() - started) };
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return underDeadline(signal, this.c, async (deadline) => {
      const pager = await this.client(deadline).models.list({ config: { pageSize: 100, abortSignal: deadline.signal } });
      const models: ModelInfo[] = [];
      for await (const m of pager) {
        if (!m.name) continue;
        // Embedding and other models cannot answer a case.
        if (m.supportedActions && !m.supportedActions.includes('generateContent')) continue;
        models.push({ id: m.name.replace(/^models\//, ''), ...(m.displayName ? { label: m.displayName } : {}) });
      }
      return models;
    }, (e, deadline) => this.toError(e, deadline));
  }

  classifyError(e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    return new ProviderError('Gemini failed in an unexpected way.', 'transient');
  }

  /** A client per request, so its fetch reports to this request's deadline. */
  private client(deadline: RequestDeadline): GoogleGenAI {
    if (!this.c.apiKey) throw new ProviderError(`No API key is set for Gemini.${enterOne(this.c.ctx)}`, 'fatal');
    return new GoogleGenAI({ apiKey: this.c.apiKey, httpOptions: { baseUrl: this.c.baseUrl, fetch: deadline.fetch } });
  }

  private async readStream(stream: AsyncIterable<GenerateContentResponse>, req: ChatRequest, deadline: RequestDeadline): Promise<Answer> {
    let text = '';
    let raw: string | null = null;
    let usage: Usage = noUsage();
    let model: string | null = null;
    for await (const response of stream) {
      deadline.touch();
      const c = readChunk(response);
      if (c.text) {
        text += c.text;
        req.onToken?.(c.text);
      }
      raw = c.raw ?? raw;
      usage = c.usage ?? usage;
      model = c.model ?? model;
    }
    if (deadline.signal.aborted) throw deadline.signal.reason;
    // Gemini marks the last chunk with a finishReason; without one the stream was cut.
    if (raw === null) throw new StreamEndedEarly();
    return { text, finish_reason: mapFinishReason(raw), raw_finish_reason: raw, usage, model };
  }

  private toError(e: unknown, deadline: RequestDeadline, model?: string): ProviderError {
    if (e instanceof ApiError && !deadline.signal.aborted) {
      // ApiError's message is the error body as JSON.
      let error: { message?: string; status?: string; details?: { reason?: string; retryDelay?: string }[] } = {};
      try {
        error = (JSON.parse(e.message) as { error?: typeof error }).error ?? {};
      } catch {
        // Not JSON: keep the status alone.
      }
      const reason = error.details?.find((d) => d.reason)?.reason ?? error.status ?? null;
      // Gemini states the wait as google.rpc.RetryInfo retryDelay ("37s") more often than in a header.
      const delay = error.details?.find((d) => d.retryDelay)?.retryDelay;
      const retryAfter = parseRetryAfter(deadline.responseHeaders?.get('retry-after')) ?? (delay ? parseFloat(delay) : null);
      return errorFromStatus(this.c.ctx, {
        status: e.status,
        retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null,
        detail: error.message ?? null,
        code: reason,
        model,
      });
    }
    return errorFromThrown(this.c.ctx, e, deadline);
  }
}

function noUsage(): Usage {
  return { input_tokens: null, output_tokens: null };
}
