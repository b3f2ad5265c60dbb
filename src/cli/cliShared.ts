/** What the commands that call a provider (run, score --judge) share: provider kinds, keys, progress, Ctrl-C. */
import type { ApiProviderKind } from '../core/domain';
import type { CliIO } from './command';

/** A wrong flag or a missing one: the command prints its usage. */
export class UsageError extends Error {}

/** Keys come only from the environment, so they never land in shell history or a process list. */
const KEY_VARS: Record<ApiProviderKind, string> = {
  'openai-compatible': 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
};

/** Every API key set in the environment, for the pack writer to make sure none travels in a pack. */
export function apiKeysInEnv(env: NodeJS.ProcessEnv): string[] {
  return ['IATROSCOPE_API_KEY', ...Object.values(KEY_VARS)].map((v) => env[v]).filter((k): k is string => !!k);
}

export function apiKeyFromEnv(kind: ApiProviderKind, env: NodeJS.ProcessEnv, baseUrl: string | undefined): string | undefined {
  const apiKey = env.IATROSCOPE_API_KEY || env[KEY_VARS[kind]] || undefined;
  // A base URL may be a local server that needs no key; without one the provider's cloud API does.
  if (!apiKey && !baseUrl) throw new UsageError(`set IATROSCOPE_API_KEY or ${KEY_VARS[kind]} in the environment`);
  return apiKey;
}

/** A progress line redrawn in place on the terminal, at most ten times a second. */
export function progressDrawer<P>(line: (p: P) => string): (p: P) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    process.stderr.write(`\r${line(p)}\x1b[K`);
  };
}

/** Ctrl-C cancels the work (requests in flight are dropped) instead of killing the process mid-write. */
export async function cancellableOnSigint<T>(io: CliIO, what: string, work: (setCancel: (c: () => void) => void) => Promise<T>): Promise<T> {
  let cancel: (() => void) | null = null;
  const onSigint = () => {
    io.err(`\nstopping: ${what} in flight are dropped; run the same command again to resume`);
    cancel?.();
  };
  process.once('SIGINT', onSigint);
  try {
    return await work((c) => (cancel = c));
  } finally {
    process.off('SIGINT', onSigint);
  }
}
