import { UsageError, apiKeyFromEnv, cancellableOnSigint, progressDrawer } from './cliShared';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Case } from '../core/caseSchema';
import { parseCaseFile } from '../core/caseFile';
import { formatLocated } from '../core/located';
import type { Provider } from '../core/provider';
import { createRun, type RunEvents, type RunProgress, type RunResult } from '../core/run/engine';
import { API_PROVIDER_KINDS, modelIdFor, type ApiProviderKind } from '../core/domain';
import type { ModelSpec, RunSpec } from '../core/run/types';
import { parseShard, type Shard } from '../core/run/shard';
import { openJsonlStore } from './jsonlStore';
import { keepAliveFetch } from './keepAliveFetch';
import { readJsonFiles } from './readTree';
import type { CliIO, Command } from './command';

const USAGE =
  `run --cases <dir> --provider <${API_PROVIDER_KINDS.join('|')}> [--base-url <url>] --model <name> ` +
  '[--framings layperson,physician] [--reps N] [--concurrency N] [--temperature T] [--max-tokens N] [--shard i/n] --out <file.jsonl>';

export interface RunOptions {
  casesDir: string;
  provider: ApiProviderKind;
  baseUrl?: string;
  model: string;
  framings: string[];
  reps: number;
  concurrency: number;
  temperature: number;
  maxTokens: number;
  out: string;
  apiKey?: string;
  /** Only this slice of the cells; the slices' files join with `merge`. */
  shard?: Shard;
}

export interface RunHooks {
  events?: RunEvents;
  /** Replaces the registry (the benchmark's in-process provider). */
  getProvider?: (model: ModelSpec) => Promise<Provider>;
  /** Called with the controller's cancel once the run has started (for Ctrl-C). */
  onCancellable?: (cancel: () => void) => void;
}

/** Reads every *.json case file under `dir`, subfolders included; errors name the file. */
export async function loadCases(dir: string): Promise<Case[]> {
  const cases: Case[] = [];
  const fileOf = new Map<string, string>();
  const errors: string[] = [];
  for (const { path: file, text } of await readJsonFiles([dir])) {
    const parsed = parseCaseFile(file, text);
    if (!parsed.ok) {
      errors.push(...parsed.errors.map(formatLocated));
      continue;
    }
    const seen = fileOf.get(parsed.value.id);
    if (seen) errors.push(`${file}: case id "${parsed.value.id}" is also used by ${seen}`);
    fileOf.set(parsed.value.id, file);
    cases.push(parsed.value);
  }
  if (errors.length) throw new Error(errors.join('\n'));
  if (!cases.length) throw new Error(`${dir}: no case files (*.json) found`);
  return cases;
}

/** The CLI `run` path without argument parsing: cases, engine and JSONL store. */
export async function runToJsonl(o: RunOptions, hooks: RunHooks = {}): Promise<RunResult & { spec: RunSpec }> {
  const cases = await loadCases(o.casesDir);
  const missing = o.framings.filter((f) => !cases.some((c) => c.framings[f]));
  if (missing.length) throw new Error(`no case in ${o.casesDir} has the framing(s) ${missing.join(', ')}`);

  const store = await openJsonlStore(o.out);
  try {
    const params = { temperature: o.temperature, max_tokens: o.maxTokens };
    const before = store.firstParams;
    if (before && (before.temperature !== params.temperature || before.max_tokens !== params.max_tokens)) {
      throw new Error(
        `${o.out} holds responses made with --temperature ${before.temperature} --max-tokens ${before.max_tokens}; ` +
          'resume with the same settings, or write to a new --out',
      );
    }
    const settings = { kind: o.provider, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}) };
    const model: ModelSpec = { model_id: modelIdFor(settings, o.model), provider: settings, model: o.model };
    const run = createRun(
      {
        // The file is the run: resuming reuses the id already in it.
        id: store.runIds[0] ?? `run-${randomUUID()}`,
        name: o.out,
        created_at: new Date().toISOString(),
        case_ids: cases.map((c) => c.id),
        framings: o.framings,
        models: [model],
        reps: o.reps,
        params,
        concurrency: o.concurrency,
      },
      {
        cases,
        store,
        ...(o.shard ? { shard: o.shard } : {}),
        getProvider:
          hooks.getProvider ??
          (async (m) => (await import('../providers/registry')).loadProvider({ ...m.provider, apiKey: o.apiKey, fetch: keepAliveFetch })),
      },
      hooks.events,
    );
    const started = run.start();
    hooks.onCancellable?.(() => run.cancel());
    return { ...(await started), spec: run.spec };
  } finally {
    await store.close();
  }
}

function parseOptions(args: string[], env: NodeJS.ProcessEnv): RunOptions {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cases: { type: 'string' },
      provider: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      framings: { type: 'string', default: 'layperson,physician' },
      reps: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      temperature: { type: 'string', default: '0.7' },
      'max-tokens': { type: 'string', default: '2048' },
      out: { type: 'string' },
      shard: { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  for (const name of ['cases', 'provider', 'model', 'out'] as const) {
    if (!v[name]) throw new UsageError(`--${name} is required`);
  }
  const provider = v.provider as ApiProviderKind;
  if (!API_PROVIDER_KINDS.includes(provider)) throw new UsageError(`--provider must be one of ${API_PROVIDER_KINDS.join(', ')}`);
  const num = (name: string, text: string, min: number, max: number, integer: boolean) => {
    const x = Number(text);
    if (!Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
      throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
    return x;
  };
  const baseUrl = v['base-url'];
  const apiKey = apiKeyFromEnv(provider, env, baseUrl);
  let shard: Shard | undefined;
  if (v.shard !== undefined) {
    try {
      shard = parseShard(v.shard);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return {
    casesDir: v.cases!,
    provider,
    ...(baseUrl ? { baseUrl } : {}),
    model: v.model!,
    framings: v.framings.split(',').map((f) => f.trim()).filter(Boolean),
    reps: num('reps', v.reps, 1, 1000, true),
    concurrency: num('concurrency', v.concurrency, 1, 256, true),
    temperature: num('temperature', v.temperature, 0, 2, false),
    maxTokens: num('max-tokens', v['max-tokens'], 1, 1_000_000, true),
    out: v.out!,
    ...(apiKey ? { apiKey } : {}),
    ...(shard ? { shard } : {}),
  };
}


const seconds = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

function progressLine(p: RunProgress): string {
  const eta = p.eta_ms === null ? '' : `, about ${seconds(p.eta_ms)} left`;
  return `${p.done}/${p.total} (ok ${p.ok}, filtered ${p.filtered}, errors ${p.errors}, in flight ${p.in_flight})${eta}`;
}

const run: Command = async (args: string[], io: CliIO) => {
  let o: RunOptions;
  try {
    o = parseOptions(args, process.env);
  } catch (e) {
    io.err(`run: ${(e as Error).message}`);
    io.err(`usage: npm run cli -- ${USAGE}`);
    return 2;
  }

  const t0 = performance.now();
  const draw = progressDrawer(progressLine);
  try {
    const result = await cancellableOnSigint(io, 'requests', (setCancel) =>
      runToJsonl(o, { events: io.tty ? { onProgress: draw } : {}, onCancellable: setCancel }),
    );
    if (io.tty) process.stderr.write(`\r${progressLine(result.progress)}\x1b[K\n`);
    const p = result.progress;
    const cost = p.cost_so_far > 0 ? `, $${p.cost_so_far.toFixed(4)}` : '';
    const slice = o.shard ? ` of shard ${o.shard.index}/${o.shard.count}` : '';
    io.err(
      `${o.out}: ${p.done}/${p.total} cells${slice} stored; this run ok ${p.ok}, filtered ${p.filtered}, errors ${p.errors}` +
        `${p.resumed ? `, ${p.resumed} resumed` : ''} in ${seconds(performance.now() - t0)}${cost} (${result.state})`,
    );
    if (result.state === 'cancelled') return 130;
    if (result.error) io.err(`run: ${result.error}`);
    return result.state === 'completed' ? 0 : 1;
  } catch (e) {
    io.err(`run: ${(e as Error).message}`);
    return 1;
  }
};

export default run;
