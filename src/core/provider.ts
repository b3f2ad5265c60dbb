/**
 * The provider contract: one small interface every model adapter implements (OpenAI-compatible,
 * Anthropic, Gemini, web-llm, scripted test). Adapters only talk to their API, honour the abort
 * signal and classify errors; the run scheduler (run/scheduler.ts) owns concurrency, retries and
 * the deadline, and the runs on it own persistence.
 */

import type { ProviderKind } from './domain';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerationParams {
  temperature: number;
  max_tokens: number;
  /** Optional nucleus sampling; omitted from the request when undefined. */
  top_p?: number;
  seed?: number;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  params: GenerationParams;
  /**
   * Aborts the request (cancel, the caller's deadline). A request that brings a signal gets no
   * timer from the adapter: the caller owns its deadline.
   */
  signal?: AbortSignal;
  /** Called with each text delta when streaming. */
  onToken?: (delta: string) => void;
}

/** 'content_filter' and an empty answer are recorded as filtered, never as an error. */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'other';

export interface Usage {
  input_tokens: number | null;
  output_tokens: number | null;
}

export interface ChatResult {
  text: string;
  finish_reason: FinishReason;
  /** The provider's own finish/stop reason string, as it sent it. */
  raw_finish_reason: string | null;
  usage: Usage;
  latency_ms: number;
  /** The model id the provider says answered (may differ from the requested alias). */
  model: string | null;
  /** Set when the answer passed the size cap (run/chatJob.ts answerCap) and was cut there. */
  truncated?: boolean;
}

export type ErrorKind = 'rate_limit' | 'transient' | 'fatal';

/** An error an adapter has classified. `message` is one plain sentence and never contains a key. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly status: number | null = null,
    /** Seconds the provider asked us to wait (Retry-After), when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface ModelInfo {
  id: string;
  label?: string;
}

export interface Provider {
  /** e.g. "openai-compatible", "anthropic", "gemini", "webllm", "scripted" (domain.ts PROVIDER_KINDS). */
  readonly kind: string;
  /** Requests sharing a key share a concurrency limit (e.g. one per base URL). */
  readonly concurrencyKey: string;
  /** Default concurrency limit for this provider; the run may lower it. */
  readonly maxConcurrency: number;
  chat(req: ChatRequest): Promise<ChatResult>;
  listModels?(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Maps any thrown value to a classified ProviderError. */
  classifyError(e: unknown): ProviderError;
}

/** Where a provider lives and how to authenticate; the key is never serialised into exports. */
export interface ProviderConfig {
  kind: ProviderKind;
  /** Preset id, e.g. "openai", "ollama", "lmstudio". */
  preset?: string;
  baseUrl?: string;
  apiKey?: string;
  /**
   * Where the user enters this source's key, to finish error messages about it: 'for "OpenAI" on
   * the Models page', 'in OPENAI_API_KEY'. Without it they name no place.
   */
  keyPlace?: string;
  /** Request timeout in ms (default 120 000), for calls that bring no signal of their own (a model list). */
  timeoutMs?: number;
  maxConcurrency?: number;
  /**
   * The HTTP client, like apiKey given at run time and never stored; the global fetch when absent.
   * The CLI passes one on node:http keep-alive agents (cli/keepAliveFetch.ts) for the engine cost
   * target of issue #17 item 7. Typed loosely here because the core has no DOM lib; the adapters
   * read it as `typeof fetch`.
   */
  fetch?: (input: string, init?: object) => Promise<unknown>;
  /** In-browser models only: a model the user serves themselves (absolute URLs). */
  customModel?: { id: string; modelUrl: string; modelLibUrl: string };
}
