/**
 * The run engine at the published study's size: 3,600 requests (180 cases x 2 framings x 10
 * repetitions) through the CLI's code path (runToJsonl: case files, engine, JSONL store) at
 * concurrency 16.
 *
 * 1. Against the provider test server over HTTP with zero latency: the whole path, as a user runs it.
 * 2. Against an in-process provider that answers at once: what is left is the engine and the
 *    store, i.e. the engine's own overhead per response.
 * Heap is sampled after a GC at 25/50/75/100% of each run to show it stays flat.
 *
 * Targets: run 1 under 15 s; run 2 under 1 ms per response.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ChatResult, Provider } from '../src/core/provider';
import { ProviderError } from '../src/core/provider';
import type { RunProgress } from '../src/core/run/engine';
import { runToJsonl, type RunHooks, type RunOptions } from '../src/cli/run';
import { startProviderServer } from '../tests/providerServer/server';

const CASES = 180;
const REPS = 10;
const CONCURRENCY = 16;
const TOTAL = CASES * 2 * REPS;

// Sampling heap without a GC first mostly measures when the collector last ran.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

async function writeCases(dir: string) {
  const template = JSON.parse(await readFile(new URL('../scenarios/benzodiazepine-supply-gap.json', import.meta.url), 'utf8')) as {
    id: string;
    framings: Record<string, { prompt: string }>;
  };
  for (let i = 0; i < CASES; i++) {
    const id = `bench-${String(i).padStart(3, '0')}`;
    const framings = Object.fromEntries(
      Object.entries(template.framings).map(([k, f]) => [k, { ...f, prompt: `${f.prompt} (${id})` }]),
    );
    await writeFile(join(dir, `${id}.json`), JSON.stringify({ ...template, id, framings }));
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function measure(label: string, options: RunOptions, hooks: RunHooks = {}) {
  const heap: string[] = [];
  let next = 1;
  const onProgress = (p: RunProgress) => {
    if (p.done >= (p.total * next) / 4) {
      gc();
      heap.push(`${next * 25}% ${mb(process.memoryUsage().heapUsed)}`);
      next++;
    }
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const result = await runToJsonl(options, { ...hooks, events: { onProgress } });
  const ms = performance.now() - t0;
  const p = result.progress;
  if (result.state !== 'completed' || p.ok !== TOTAL) {
    throw new Error(`${label}: ${result.state}, ${p.ok} ok of ${TOTAL}: ${result.error ?? ''}`);
  }
  const lines = (await readFile(options.out, 'utf8')).trim().split('\n').length;
  if (lines !== TOTAL) throw new Error(`${label}: ${lines} lines in ${options.out}, expected ${TOTAL}`);
  console.log(`${label}: ${TOTAL} responses in ${(ms / 1000).toFixed(2)} s, ${(ms / TOTAL).toFixed(3)} ms per response`);
  console.log(`  heap: start ${mb(before)}, ${heap.join(', ')}`);
  return ms;
}

/** Answers at once, like a cache hit: all remaining time is the engine's and the store's. */
function instantProvider(): Provider {
  const answer: ChatResult = {
    text: 'Do not stop suddenly; ask a pharmacist for an emergency supply.',
    finish_reason: 'stop',
    raw_finish_reason: 'stop',
    usage: { input_tokens: 80, output_tokens: 12 },
    latency_ms: 0,
    model: 'instant',
  };
  return {
    kind: 'scripted',
    concurrencyKey: 'instant',
    maxConcurrency: 64,
    chat: async () => answer,
    classifyError: (e) => (e instanceof ProviderError ? e : new ProviderError(String(e), 'fatal')),
  };
}

const dir = await mkdtemp(join(tmpdir(), 'iatroscope-bench-'));
const server = await startProviderServer({ latencyMs: 0 });
try {
  const casesDir = join(dir, 'cases');
  await mkdir(casesDir);
  await writeCases(casesDir);
  const base: Omit<RunOptions, 'out' | 'provider' | 'model'> = {
    casesDir,
    framings: ['layperson', 'physician'],
    reps: REPS,
    concurrency: CONCURRENCY,
    temperature: 0.7,
    maxTokens: 2048,
  };
  console.log(`${TOTAL} requests (${CASES} cases x 2 framings x ${REPS} reps), concurrency ${CONCURRENCY}, Node ${process.version}`);

  const httpOut = join(dir, 'http.jsonl');
  const http = { ...base, provider: 'openai-compatible', baseUrl: `${server.url}/v1`, model: 'test-model', out: httpOut } as const;
  const wall = await measure('1. provider test server over HTTP', http);
  console.log(`  target < 15 s: ${wall < 15_000 ? 'met' : 'MISSED'}`);

  const inProcess = await measure(
    '2. in-process instant provider (engine + JSONL store overhead)',
    { ...base, provider: 'openai-compatible', model: 'instant', out: join(dir, 'instant.jsonl') },
    { getProvider: async () => instantProvider() },
  );
  console.log(`  target < 1 ms per response: ${inProcess / TOTAL < 1 ? 'met' : 'MISSED'}`);

  const t0 = performance.now();
  const again = await runToJsonl(http);
  const requests = Object.values(server.stats().requests).reduce((a, b) => a + b, 0);
  console.log(
    `3. resume of the finished file: ${(performance.now() - t0).toFixed(0)} ms, ${again.progress.resumed} cells skipped, ` +
      `${requests - TOTAL} new requests`,
  );
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
