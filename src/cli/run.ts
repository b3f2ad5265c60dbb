import { UsageError, apiKeyFromEnv, cancellableOnSigint, progressDrawer } from './cliShared';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Case } from '../core/caseSchema';
import { parseCaseFile } from '../core/caseFile';
import { formatLocated } from '../core/located';
import type { Provider } from '../core/provider';
import { createRun, type RunEvents, type RunProgress, type RunResult } from '../core/run/engine';
import { API_PROVIDER_KINDS, modelIdFor, type ApiProviderKind } from '../core/domain';
import type { ModelSpec, Price, RunSpec } from '../core/run/types';
import type { BatchFlags } from './batch';
import { plural } from '../core/plural';
import { parseShard, type Shard } from '../core/run/shard';
import { openJsonlStore } from './jsonlStore';
import { keepAliveFetch } from './keepAliveFetch';
import { readJsonFiles } from './readTree';
import type { CliIO, Command } from './command';

const USAGE =
  `run --cases <dir> --provider <${API_PROVIDER_KINDS.join('|')}> [--base-url <url>] --model <name> ` +
  '[--framings layperson,physician] [--reps N] [--concurrency N] [--temperature T] [--max-tokens N] [--shard i/n] [--price IN,OUT] ' +
  '[--batch [--poll-interval SECONDS] [--no-wait]] --out <file.jsonl>';

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
  /** The model's price (USD per million tokens), for cost_usd; a batch costs half of it. */
  price?: Price;
  /** Through the provider's batch engine instead of live requests (batch.ts). */
  batch?: BatchFlags;
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
        ...(o.price ? { price: () => o.price } : {}),
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
      price: { type: 'string' },
      batch: { type: 'boolean', default: false },
      'poll-interval': { type: 'string', default: '60' },
      'no-wait': { type: 'boolean', default: false },
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
  if (!v.batch && (v['no-wait'] || v['poll-interval'] !== '60')) throw new UsageError('--poll-interval and --no-wait apply only with --batch');
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
    ...(v.price !== undefined ? { price: parsePrice(v.price) } : {}),
    ...(v.batch ? { batch: { pollMs: num('poll-interval', v['poll-interval'], 0.001, 86_400, false) * 1000, wait: !v['no-wait'] } } : {}),
  };
}

/** "--price 2.5,10": USD per million input and output tokens, at the live rate. */
export function parsePrice(text: string): Price {
  const [input, output, extra] = text.split(',').map((x) => Number(x.trim()));
  if (extra !== undefined || !Number.isFinite(input) || !Number.isFinite(output) || input! < 0 || output! < 0) {
    throw new UsageError('--price must be two numbers, USD per million input and output tokens: --price 2.5,10');
  }
  return { input_per_mtok: input!, output_per_mtok: output! };
}


const seconds = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

function progressLine(p: RunProgress): string {
  const eta = p.eta_ms === null ? '' : `, about ${seconds(p.eta_ms)} left`;
  return `${p.done}/${p.total} (ok ${p.ok}, filtered ${p.filtered}, errors ${p.errors}, in flight ${p.in_flight})${eta}`;
}

/** `run --batch`: batch.ts does the work; Ctrl-C stops it after recording any create in flight. */
async function runBatchCommand(o: RunOptions, flags: BatchFlags, io: CliIO): Promise<number> {
  try {
    const cases = await loadCases(o.casesDir);
    const { runBatchToJsonl, abortableOnSigint } = await import('./batch');
    const s = await abortableOnSigint(io.err, (signal) =>
      runBatchToJsonl(
        {
          kind: o.provider,
          ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
          ...(o.apiKey ? { apiKey: o.apiKey } : {}),
          out: o.out,
          model: o.model,
          cases,
          framings: o.framings,
          reps: o.reps,
          params: { temperature: o.temperature, max_tokens: o.maxTokens },
          ...(o.shard ? { shard: o.shard } : {}),
          ...(o.price ? { price: o.price } : {}),
          flags,
        },
        { signal, log: io.err },
      ),
    );
    const failed = s.failed ? `, ${s.failed} failed (kept in ${s.statePath}; the next run resubmits them)` : '';
    const open = s.open ? `; ${plural(s.open, 'batch', 'batches')} still running: run the same command again to collect them` : '';
    io.err(`${o.out}: ${s.done}/${s.total} cells stored; this run submitted ${plural(s.submitted, 'batch', 'batches')} and stored ${plural(s.stored, 'answer')}${failed}${open}`);
    if (s.open && flags.wait) return 130;
    return s.failed ? 1 : 0;
  } catch (e) {
    io.err(`run: ${(e as Error).message}`);
    return 1;
  }
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

  if (o.batch) return runBatchCommand(o, o.batch, io);
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
