/**
 * Anthropic Messages API through the official SDK, called straight from the browser (the SDK's
 * dangerouslyAllowBrowser sends the anthropic-dangerous-direct-browser-access header). The SDK's
 * retries are off and its own timeout out of reach (the run scheduler owns retries and the
 * deadline), and its fetch is ours, bound to the request's signal.
 */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import {
  ProviderError,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type FinishReason,
  type ModelInfo,
  type Provider,
  type ProviderConfig,
  type Usage,
} from '../core/provider';
import { connectionFor, type Connection } from './presets';
import {
  enterOne,
  errorFromStatus,
  errorFromThrown,
  parseRetryAfter,
  StreamEndedEarly,
  timeoutError,
} from './providerErrors';
import { RequestDeadline, underDeadline } from './requestDeadline';


export function createProvider(config: ProviderConfig): Provider {
  return new AnthropicProvider(config);
}

export function mapStopReason(raw: string | null): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    case 'tool_use':
      return 'tool_calls';
    default:
      return 'other';
  }
}

/** Error types Anthropic sends inside a stream (after the 200), as the status they stand for. */
const STREAM_ERROR_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

type Answer = Omit<ChatResult, 'latency_ms'>;

/** The longest delay setTimeout takes (about 24.8 days). */
const SDK_TIMEOUT_OUT_OF_REACH_MS = 2 ** 31 - 1;

export class AnthropicProvider implements Provider {
  readonly kind = 'anthropic';
  readonly concurrencyKey: string;
  readonly maxConcurrency: number;
  /** Base URL, key, timeout and error context, resolved once from the config. */
  private readonly c: Connection;

  constructor(config: ProviderConfig) {
    this.c = connectionFor(config, { preset: 'anthropic', label: 'Anthropic' });
    this.concurrencyKey = this.c.concurrencyKey;
    this.maxConcurrency = this.c.maxConcurrency;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    const answer = await underDeadline(req.signal, this.c, async (deadline) => {
      const client = this.client(deadline);
      const params = messageParams(req);
      return req.onToken
        ? await this.readStream(await client.messages.create({ ...params, stream: true }, { signal: deadline.signal }), req, deadline)
        : readMessage(await client.messages.create({ ...params, stream: false }, { signal: deadline.signal }));
    }, (e, deadline) => this.toError(e, deadline, req.model));
    return { ...answer, latency_ms: Math.round(performance.now() - started) };
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return underDeadline(signal, this.c, async (deadline) => {
      const models: ModelInfo[] = [];
      for await (const m of this.client(deadline).models.list({ limit: 100 }, { signal: deadline.signal })) {
        models.push({ id: m.id, label: m.display_name });
      }
      return models;
    }, (e, deadline) => this.toError(e, deadline));
  }

  classifyError(e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    return new ProviderError('Anthropic failed in an unexpected way.', 'transient');
  }

  /** A client per request, so its fetch can tell this request's deadline when headers arrived. */
  private client(deadline: RequestDeadline): Anthropic {
    if (!this.c.apiKey) throw new ProviderError(`No API key is set for Anthropic.${enterOne(this.c.ctx)}`, 'fatal');
    return new Anthropic({
      apiKey: this.c.apiKey,
      baseURL: this.c.baseUrl,
      dangerouslyAllowBrowser: true,
      maxRetries: 0,
      // The deadline is the caller's (or RequestDeadline's, for a bare call), never a second
      // timer in the SDK; an explicit timeout also stops the SDK refusing large non-streaming
      // max_tokens.
      timeout: SDK_TIMEOUT_OUT_OF_REACH_MS,
      fetch: deadline.fetch,
      logLevel: 'off',
    });
  }

  private async readStream(
    stream: AsyncIterable<Anthropic.RawMessageStreamEvent>,
    req: ChatRequest,
    deadline: RequestDeadline,
  ): Promise<Answer> {
    let text = '';
    let raw: string | null = null;
    const usage: Usage = { input_tokens: null, output_tokens: null };
    let model: string | null = null;
    let stopped = false;
    for await (const event of stream) {
      deadline.touch();
      if (event.type === 'message_start') {
        model = event.message.model;
        usage.input_tokens = event.message.usage.input_tokens;
        usage.output_tokens = event.message.usage.output_tokens;
      } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
        req.onToken?.(event.delta.text);
      } else if (event.type === 'message_delta') {
        raw = event.delta.stop_reason;
        usage.output_tokens = event.usage.output_tokens;
        usage.input_tokens = event.usage.input_tokens ?? usage.input_tokens;
      } else if (event.type === 'message_stop') {
        stopped = true;
      }
    }
    // The SDK ends the iteration quietly when aborted; that is not a finished answer.
    if (deadline.signal.aborted) throw deadline.signal.reason;
    if (!stopped) throw new StreamEndedEarly();
    return { text, finish_reason: mapStopReason(raw), raw_finish_reason: raw, usage, model };
  }

  private toError(e: unknown, deadline: RequestDeadline, model?: string): ProviderError {
    if (e instanceof APIConnectionTimeoutError) return timeoutError(this.c.ctx, this.c.timeoutMs);
    if (e instanceof APIError && !(e instanceof APIUserAbortError) && !(e instanceof APIConnectionError)) {
      const body = (e.error ?? {}) as { error?: { type?: string; message?: string } };
      const status = e.status ?? STREAM_ERROR_STATUS[body.error?.type ?? ''] ?? 500;
      return errorFromStatus(this.c.ctx, {
        status,
        retryAfterSeconds: parseRetryAfter(e.headers?.get('retry-after')),
        detail: body.error?.message ?? null,
        code: body.error?.type ?? null,
        model,
      });
    }
    return errorFromThrown(this.c.ctx, e, deadline);
  }
}

/**
 * The Messages API parameters of a request. A batch request (providers/batch) carries these same
 * parameters, so a batch run asks exactly what a live run asks.
 */
export function messageParams(req: Pick<ChatRequest, 'model' | 'messages' | 'params'>) {
  const { system, messages } = splitSystem(req.messages);
  const p = req.params;
  // No seed: the Messages API has none.
  return {
    model: req.model,
    max_tokens: p.max_tokens,
    messages,
    temperature: p.temperature,
    ...(system ? { system } : {}),
    ...(p.top_p !== undefined ? { top_p: p.top_p } : {}),
  };
}

/** The Messages API takes system text apart from the turns. */
function splitSystem(messages: ChatMessage[]): {
  system: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
} {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const turns = messages.filter((m) => m.role !== 'system') as { role: 'user' | 'assistant'; content: string }[];
  return { system, messages: turns };
}

/** A message's answer, from a live response or a batch result. */
export function readMessage(message: Anthropic.Message): Answer {
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return {
    text,
    finish_reason: mapStopReason(message.stop_reason),
    raw_finish_reason: message.stop_reason,
    usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens },
    model: message.model,
  };
}
