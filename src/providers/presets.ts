/**
 * Known providers a user can pick on the Models page. Only facts we are sure of: no prices (cost stays
 * unknown rather than wrong). Concurrency is a starting point the run may lower.
 */
import type { ApiProviderKind } from '../core/domain';
import type { ProviderConfig } from '../core/provider';
import type { ErrorContext } from './providerErrors';

/** Where an OpenAI-compatible server departs from OpenAI's request shape. */
export interface WireQuirks {
  /** OpenAI's own API rejects max_tokens for reasoning models; it takes max_completion_tokens. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Mistral names the seed random_seed and rejects unknown fields. */
  seedField?: 'seed' | 'random_seed';
  /** false: do not send stream_options (Mistral rejects it). */
  streamUsage?: boolean;
}

export interface ProviderPreset {
  id: string;
  label: string;
  kind: ApiProviderKind;
  baseUrl: string;
  needsKey: boolean;
  /** Default number of requests in flight at once. */
  concurrency: number;
  /** A server on this machine: its errors say how to start it so this page may call it. */
  local?: boolean;
  /** What to do when the page cannot reach a local server; "{origin}" becomes the page's origin. */
  unreachableFix?: string;
  wire?: WireQuirks;
}

export const PRESETS: readonly ProviderPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    kind: 'openai-compatible',
    baseUrl: 'https://api.openai.com/v1',
    needsKey: true,
    concurrency: 8,
    wire: { maxTokensField: 'max_completion_tokens' },
  },
  { id: 'anthropic', label: 'Anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', needsKey: true, concurrency: 4 },
  {
    id: 'gemini',
    label: 'Google Gemini',
    kind: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    needsKey: true,
    concurrency: 4,
  },
  { id: 'openrouter', label: 'OpenRouter', kind: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1', needsKey: true, concurrency: 4 },
  { id: 'together', label: 'Together AI', kind: 'openai-compatible', baseUrl: 'https://api.together.xyz/v1', needsKey: true, concurrency: 4 },
  { id: 'groq', label: 'Groq', kind: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', needsKey: true, concurrency: 2 },
  { id: 'deepseek', label: 'DeepSeek', kind: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', needsKey: true, concurrency: 4 },
  {
    id: 'mistral',
    label: 'Mistral',
    kind: 'openai-compatible',
    baseUrl: 'https://api.mistral.ai/v1',
    needsKey: true,
    concurrency: 2,
    wire: { seedField: 'random_seed', streamUsage: false },
  },
  {
    id: 'ollama',
    label: 'Ollama',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:11434/v1',
    needsKey: false,
    concurrency: 1,
    local: true,
    unreachableFix: 'start it with OLLAMA_ORIGINS={origin} ollama serve',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:1234/v1',
    needsKey: false,
    concurrency: 1,
    local: true,
    unreachableFix: 'start its local server with "Enable CORS" switched on in the server settings',
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:8080/v1',
    needsKey: false,
    concurrency: 1,
    local: true,
    unreachableFix: 'start llama-server on port 8080, adding --cors-origins {origin} if your build restricts origins',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:8000/v1',
    needsKey: false,
    concurrency: 8,
    local: true,
    unreachableFix: `start it with vllm serve <model> --allowed-origins '["{origin}"]'`,
  },
];

export function findPreset(id: string | undefined): ProviderPreset | undefined {
  return id === undefined ? undefined : PRESETS.find((p) => p.id === id);
}

/** The preset a config names, or failing that the one whose base URL it uses. */
export function presetFor(config: ProviderConfig): ProviderPreset | undefined {
  const base = config.baseUrl?.replace(/\/+$/, '');
  return findPreset(config.preset) ?? PRESETS.find((p) => p.kind === config.kind && p.baseUrl === base);
}

/** Where an adapter sends its requests and how it reports errors, resolved once from the user's config. */
export interface Connection {
  preset: ProviderPreset | undefined;
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
  /** The config's HTTP client, if it gave one. */
  fetch: typeof fetch | undefined;
  concurrencyKey: string;
  maxConcurrency: number;
  ctx: ErrorContext;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * The settings every adapter derives the same way: base URL from the config or its preset,
 * timeout, a concurrency key per server, and the error context (which holds the key only so
 * error messages can strip it).
 */
export function connectionFor(config: ProviderConfig, fallback: { preset?: string; label?: string } = {}): Connection {
  const preset = presetFor({ ...config, preset: config.preset ?? fallback.preset });
  const baseUrl = (config.baseUrl ?? preset?.baseUrl ?? '').replace(/\/+$/, '');
  const apiKey = config.apiKey || undefined;
  return {
    preset,
    baseUrl,
    apiKey,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: config.fetch as typeof fetch | undefined,
    concurrencyKey: `${config.kind}:${baseUrl}`,
    maxConcurrency: config.maxConcurrency ?? preset?.concurrency ?? 4,
    ctx: {
      label: fallback.label ?? preset?.label ?? `the server at ${baseUrl}`,
      baseUrl,
      apiKey,
      unreachableFix: preset?.unreachableFix,
      keyPlace: config.keyPlace,
    },
  };
}
