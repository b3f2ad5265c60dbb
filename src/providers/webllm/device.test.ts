import { describe, expect, it } from 'vitest';
import { probeWebGpu, runnableModels, type GpuNavigator, type ModelListEntry } from './device';

const adapterWith = (...features: string[]): GpuNavigator => ({
  gpu: { requestAdapter: async () => ({ features: new Set(features) }) },
});

describe('probeWebGpu', () => {
  it('says in a sentence that there is no WebGPU', async () => {
    const probe = await probeWebGpu({}, true);
    expect(probe).toEqual({ available: false, reason: expect.stringMatching(/^This browser has no WebGPU; .*Ollama\.$/) });
  });

  it('points at the page address when WebGPU is hidden from an insecure page', async () => {
    expect(await probeWebGpu(undefined, false)).toMatchObject({ available: false, reason: expect.stringContaining('127.0.0.1') });
  });

  it('reports a missing or failing adapter', async () => {
    const none: GpuNavigator = { gpu: { requestAdapter: async () => null } };
    const throws: GpuNavigator = { gpu: { requestAdapter: () => Promise.reject(new Error('blocked')) } };
    expect(await probeWebGpu(none, true)).toMatchObject({ available: false, reason: expect.stringContaining('no usable GPU') });
    expect(await probeWebGpu(throws, true)).toMatchObject({ available: false });
  });

  it('reports shader-f16 support', async () => {
    expect(await probeWebGpu(adapterWith('shader-f16'), true)).toEqual({ available: true, shaderF16: true });
    expect(await probeWebGpu(adapterWith(), true)).toEqual({ available: true, shaderF16: false });
  });
});

describe('runnableModels', () => {
  const list: ModelListEntry[] = [
    { model_id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', vram_required_MB: 1128.8, low_resource_required: true },
    { model_id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', vram_required_MB: 879, low_resource_required: true },
    { model_id: 'Qwen2.5-0.5B-Instruct-q0f16-MLC', vram_required_MB: 1624 },
    { model_id: 'Mistral-7B-Instruct-v0.3-q4f16_1-MLC', required_features: ['shader-f16'] },
    { model_id: 'gemma-2-2b-it-q4f32_1-MLC-1k' },
    { model_id: 'snowflake-arctic-embed-m-q0f32-MLC-b32', model_type: 1 },
  ];

  it('drops f16 quantisations when the adapter lacks shader-f16', () => {
    expect(runnableModels(list, false)).toEqual([
      {
        model_id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
        label: 'Llama 3.2 1B Instruct (q4f32_1)',
        vram_required_MB: 1128.8,
        low_resource_required: true,
      },
      {
        model_id: 'gemma-2-2b-it-q4f32_1-MLC-1k',
        label: 'gemma 2 2b it (q4f32_1, 1k context)',
        vram_required_MB: null,
        low_resource_required: false,
      },
    ]);
  });

  it('keeps them with shader-f16, but never an embedding model', () => {
    expect(runnableModels(list, true).map((m) => m.model_id)).toEqual([
      'Llama-3.2-1B-Instruct-q4f32_1-MLC',
      'Llama-3.2-1B-Instruct-q4f16_1-MLC',
      'Qwen2.5-0.5B-Instruct-q0f16-MLC',
      'Mistral-7B-Instruct-v0.3-q4f16_1-MLC',
      'gemma-2-2b-it-q4f32_1-MLC-1k',
    ]);
  });
});
