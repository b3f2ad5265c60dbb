/** The lazy loader of the batch APIs: a provider's SDK is loaded only when its batches are used. */
import type { ApiProviderKind } from '../../core/domain';
import type { ProviderConfig } from '../../core/provider';
import type { BatchApi } from './batchApi';

interface BatchModule {
  createBatchApi(config: ProviderConfig): BatchApi;
}

const loaders: Record<ApiProviderKind, () => Promise<BatchModule>> = {
  'openai-compatible': () => import('./openaiBatch'),
  anthropic: () => import('./anthropicBatch'),
  gemini: () => import('./geminiBatch'),
};

export async function loadBatchApi(config: ProviderConfig & { kind: ApiProviderKind }): Promise<BatchApi> {
  return (await loaders[config.kind]()).createBatchApi(config);
}

