import type { ChatRequest, ChatResult, Provider } from '../provider';
import { messageOf, type Job } from './scheduler';
import type { ModelSpec } from './types';

/** The deadline when neither the model's provider settings nor the run give one (ms). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface ChatJobInput {
  id: string;
  /** The model id: a rejected key blocks every job of the model. */
  group: string;
  provider: Provider;
  request: Pick<ChatRequest, 'model' | 'messages' | 'params'>;
  /** The run's limit; the provider's own may be lower. */
  concurrency: number;
  timeoutMs: number;
  /** Streams the answer; every delta also restarts the deadline. */
  onToken?: (delta: string) => void;
}

/**
 * A scheduler job that puts one chat request to a provider. The scheduler's signal is the only
 * deadline the request has: an adapter given a signal arms no timer of its own.
 */
export function chatJob(i: ChatJobInput): Job<ChatResult> {
  const { provider, onToken } = i;
  return {
    id: i.id,
    group: i.group,
    lane: provider.concurrencyKey,
    concurrency: Math.max(1, Math.min(i.concurrency, provider.maxConcurrency)),
    timeoutMs: i.timeoutMs,
    attempt: (signal, alive) =>
      provider.chat({
        ...i.request,
        signal,
        onToken:
          onToken &&
          ((d) => {
            alive();
            onToken(d);
          }),
      }),
    classify: (e) => provider.classifyError(e),
  };
}

/** A model's deadline: its provider settings', else the run's, else the default. */
export function timeoutFor(model: ModelSpec, runTimeoutMs: number | undefined): number {
  return model.provider.timeoutMs ?? runTimeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** Sets up each model's provider, once per model, before anything is sent. */
export async function providersFor(models: readonly ModelSpec[], getProvider: (m: ModelSpec) => Promise<Provider>): Promise<Map<string, Provider>> {
  const providers = new Map<string, Provider>();
  for (const m of models) {
    try {
      providers.set(m.model_id, await getProvider(m));
    } catch (e) {
      throw new Error(`could not set up ${m.model_id}: ${messageOf(e)}`);
    }
  }
  return providers;
}
