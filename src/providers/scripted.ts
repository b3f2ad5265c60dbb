/**
 * A scripted provider for engine and UI tests: in-process, no HTTP. It plays a list of steps in
 * order (an answer, an error, or a function of the request), then answers with an echo.
 */
import { ProviderError, type ChatRequest, type ChatResult, type Provider, type ProviderConfig } from '../core/provider';

/** One scripted outcome. An answer may leave out everything but its text. */
export type ScriptStep =
  | (Partial<ChatResult> & { text: string; delayMs?: number })
  | { error: unknown; delayMs?: number }
  | ((req: ChatRequest, call: number) => ScriptStep | Promise<ScriptStep>);

export interface ScriptedOptions {
  concurrencyKey?: string;
  maxConcurrency?: number;
  /** Delay of steps that set none, in ms. */
  delayMs?: number;
}

export function createProvider(config: ProviderConfig): Provider {
  return new ScriptedProvider([], { maxConcurrency: config.maxConcurrency });
}

/** The answer the scripted provider gives once its script is used up. */
export function echoAnswer(req: ChatRequest): string {
  const last = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return `Scripted answer from ${req.model} to: ${last.slice(0, 80)}`;
}

export class ScriptedProvider implements Provider {
  readonly kind = 'scripted';
  readonly concurrencyKey: string;
  readonly maxConcurrency: number;
  /** Every request received, in order, for tests to inspect. */
  readonly calls: ChatRequest[] = [];
  private readonly steps: ScriptStep[];
  private readonly delayMs: number;

  constructor(steps: ScriptStep[] = [], options: ScriptedOptions = {}) {
    this.steps = [...steps];
    this.concurrencyKey = options.concurrencyKey ?? 'scripted';
    this.maxConcurrency = options.maxConcurrency ?? 4;
    this.delayMs = options.delayMs ?? 0;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const call = this.calls.length;
    this.calls.push(req);
    let step = this.steps.shift() ?? { text: echoAnswer(req) };
    while (typeof step === 'function') step = await step(req, call);
    await wait(step.delayMs ?? this.delayMs, req.signal);
    if ('error' in step) throw this.classifyError(step.error);
    const { delayMs: _delay, ...result } = step;
    if (req.onToken) for (const delta of result.text.split(/(?<= )/)) if (delta) req.onToken(delta);
    return {
      finish_reason: 'stop',
      raw_finish_reason: result.finish_reason ?? 'stop',
      usage: { input_tokens: null, output_tokens: null },
      latency_ms: 0,
      model: req.model,
      ...result,
    };
  }

  classifyError(e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    return new ProviderError('The scripted provider failed.', 'transient');
  }
}

/** Waits, unless the request is aborted first (then fails as a cancelled request does). */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const cancelled = () => new ProviderError('The request to the scripted provider was cancelled.', 'transient');
  if (signal?.aborted) return Promise.reject(cancelled());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
