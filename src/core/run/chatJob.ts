import type { ChatRequest, ChatResult, Provider } from '../provider';
import { newAbort } from './clock';
import { messageOf, type Job } from './scheduler';
import type { ModelSpec } from './types';

/** The deadline when neither the model's provider settings nor the run give one (ms). */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** A request's total deadline, in idle deadlines: 10 min by default, whatever it streams. */
export const TOTAL_PER_IDLE = 5;

/**
 * The most characters an answer may have before it is cut: a generous 4 x the 16 characters a
 * token can reach, per max token, and at least 256 K. A hostile server streaming 50 MB would
 * otherwise be held in memory and rendered whole.
 */
export function answerCap(maxTokens: number): number {
  return Math.max(256 * 1024, 16 * 4 * maxTokens);
}

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
  const { provider } = i;
  return {
    id: i.id,
    group: i.group,
    lane: provider.concurrencyKey,
    concurrency: Math.max(1, Math.min(i.concurrency, provider.maxConcurrency)),
    timeoutMs: i.timeoutMs,
    totalMs: i.timeoutMs * TOTAL_PER_IDLE,
    attempt: (signal, alive) => cappedChat(i, signal, alive),
    classify: (e) => provider.classifyError(e),
  };
}

/**
 * One request whose answer stops at answerCap: a stream is aborted the moment it passes the cap
 * and what came so far is the answer, marked `truncated`.
 */
async function cappedChat(i: ChatJobInput, signal: AbortSignal, alive: () => void): Promise<ChatResult> {
  const cap = answerCap(i.request.params.max_tokens);
  const started = Date.now();
  // Our own abort, for the cap, linked to the scheduler's.
  const stop = newAbort();
  const onAbort = () => stop.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  let text = '';
  let capped = false;
  const onToken =
    i.onToken &&
    ((d: string) => {
      if (capped) return;
      alive();
      const part = d.slice(0, cap - text.length);
      text += part;
      if (part) i.onToken!(part);
      if (text.length >= cap && part.length < d.length) {
        capped = true;
        stop.abort();
      }
    });
  try {
    const r = await i.provider.chat({ ...i.request, signal: stop.signal, onToken });
    return r.text.length > cap ? { ...r, text: r.text.slice(0, cap), truncated: true } : r;
  } catch (e) {
    if (!capped || signal.aborted) throw e;
    const usage = { input_tokens: null, output_tokens: null };
    return { text, finish_reason: 'length', raw_finish_reason: null, usage, latency_ms: Date.now() - started, model: null, truncated: true };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
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
