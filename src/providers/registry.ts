/**
 * The lazy provider registry: each kind maps to a loader, so an adapter's code (and its SDK)
 * is fetched only when a run first uses that kind.
 */
import type { ProviderKind } from '../core/domain';
import { ProviderError, type Provider, type ProviderConfig } from '../core/provider';

interface ProviderModule {
  createProvider(config: ProviderConfig): Provider;
}

const loaders: Partial<Record<ProviderKind, () => Promise<ProviderModule>>> = {
  'openai-compatible': () => import('./openaiCompatible'),
  anthropic: () => import('./anthropic'),
  gemini: () => import('./gemini'),
  scripted: () => import('./scripted'),
  webllm: () => import('./webllm/webllmProvider'),
};

export async function loadProvider(config: ProviderConfig): Promise<Provider> {
  const load = loaders[config.kind];
  if (!load) throw new ProviderError(`No adapter is available for provider kind "${config.kind}".`, 'fatal');
  return (await load()).createProvider(config);
}
