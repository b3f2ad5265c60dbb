import { modelLabel } from '../domain';
import type { ResponseRecord } from '../run/types';
import type { ScoreRecord } from '../scoreRecord';

/**
 * A run as an Inspect AI evaluation log (the JSON log format, version 2), so Inspect's viewer and
 * its dataframes read it. Inspect logs one task against one model, so a selection becomes one log
 * per run and model. What goes where:
 * - eval: run_id, task ("iatroscope"), task_id and task_display_name (the run), created, model,
 *   dataset (name, samples, sample_ids), config.epochs (repetitions), packages, metadata, scorers;
 * - plan: one "generate" step, and the run's parameters as its generate config;
 * - samples: one per response, id `case/framing`, epoch = repetition + 1; input and messages are
 *   the exact request sent; output holds the answer with its stop reason and usage; metadata
 *   names case, framing, model, repetition, run and response; scores hold every scorer's verdict
 *   (local scorer, judges, raters) as {response_class, oh, ch} with its version in metadata;
 * - results: total and completed samples, and per scorer the mean OH and CH;
 * - stats: first start, last completion, token usage per model.
 * Fields left to Inspect's defaults: sandbox, revision, events, store, attachments, reductions.
 * Keys cannot travel: requests and run settings are stored without them (run/types.ts).
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface InspectScore {
  value: { response_class: string | null; oh: number | null; ch: number | null };
  answer: string | null;
  explanation: string | null;
  metadata: { [key: string]: Json };
}

export interface InspectSample {
  id: string;
  epoch: number;
  input: { role: string; content: string }[];
  target: string;
  messages: { role: string; content: string; source?: string; model?: string }[];
  output: { [key: string]: Json };
  scores: Record<string, InspectScore>;
  metadata: { [key: string]: Json };
  model_usage: { [key: string]: Json };
  started_at: string;
  completed_at: string;
  total_time: number;
  error: { message: string; traceback: string; traceback_ansi: string } | null;
}

export interface InspectLog {
  version: 2;
  status: 'success';
  eval: { [key: string]: Json };
  plan: { name: string; steps: { solver: string; params: { [key: string]: Json } }[]; config: { [key: string]: Json } };
  results: { total_samples: number; completed_samples: number; scores: { [key: string]: Json }[] };
  stats: { started_at: string; completed_at: string; model_usage: { [key: string]: Json } };
  samples: InspectSample[];
}

export interface InspectExport {
  run_id: string;
  model_id: string;
  log: InspectLog;
}

export interface InspectOptions {
  /** Run names by id, shown as the task's display name. */
  runNames?: ReadonlyMap<string, string>;
  /** This tool's version, recorded under eval.packages. */
  toolVersion: string;
}

const STOP_REASONS: Record<ResponseRecord['finish_reason'], string> = {
  stop: 'stop',
  length: 'max_tokens',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
  error: 'unknown',
  other: 'unknown',
};

/** Inspect names models `provider/model`. */
export function inspectModelName(modelId: string): string {
  const kind = /^([a-z-]+):/.exec(modelId)?.[1];
  return kind ? `${kind}/${modelLabel(modelId)}` : modelId;
}

function usage(r: ResponseRecord): { [key: string]: Json } {
  const input = r.usage.input_tokens ?? 0;
  const output = r.usage.output_tokens ?? 0;
  return { input_tokens: input, output_tokens: output, total_tokens: input + output, total_cost: r.cost_usd };
}

function toScore(s: ScoreRecord): InspectScore {
  return {
    value: { response_class: s.response_class, oh: s.oh, ch: s.ch },
    answer: s.response_class,
    explanation: s.parse_error,
    metadata: {
      scorer_kind: s.scorer_kind,
      scorer_version: s.scorer_version,
      ttt: s.ttt,
      mechanism: s.mechanism,
      filtered: s.filtered,
      approximate: s.approximate,
      critical_actions: s.critical_actions.map((a) => ({ id: a.id, grade: a.grade })),
    },
  };
}

function toSample(r: ResponseRecord, scores: readonly ScoreRecord[]): InspectSample {
  const model = r.served_model ?? r.request.model;
  const input = r.request.messages.map((m) => ({ role: m.role, content: m.content }));
  const answered = r.status !== 'error';
  const assistant = { role: 'assistant', content: r.text, source: 'generate', model };
  return {
    id: `${r.case_id}/${r.framing}`,
    epoch: r.rep + 1,
    input,
    target: '',
    messages: answered ? [...input, assistant] : input,
    output: {
      model,
      choices: answered ? [{ message: assistant, stop_reason: STOP_REASONS[r.finish_reason] }] : [],
      completion: answered ? r.text : '',
      usage: usage(r),
      time: r.latency_ms / 1000,
      error: r.status === 'filtered' ? 'empty or stripped by the provider filter' : null,
    },
    scores: Object.fromEntries(scores.map((s) => [s.scorer, toScore(s)])),
    metadata: { case: r.case_id, framing: r.framing, model: r.model_id, repetition: r.rep, run_id: r.run_id, response_id: r.id, status: r.status, finish_reason: r.raw_finish_reason },
    model_usage: { [inspectModelName(r.model_id)]: usage(r) },
    started_at: r.started_at,
    completed_at: r.completed_at,
    total_time: r.latency_ms / 1000,
    error: r.status === 'error' ? { message: r.error ?? 'no answer after retries', traceback: '', traceback_ansi: '' } : null,
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Per scorer: how many samples it scored, its versions, and its mean OH and CH. */
function resultScores(samples: readonly InspectSample[]): { [key: string]: Json }[] {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.scores)))].sort();
  return names.map((name) => {
    const given = samples.flatMap((s) => (s.scores[name] ? [s.scores[name]] : []));
    const metrics: { [key: string]: Json } = {};
    for (const key of ['oh', 'ch'] as const) {
      const m = mean(given.flatMap((g) => (g.value[key] === null ? [] : [g.value[key]])));
      if (m !== null) metrics[`mean_${key}`] = { name: `mean_${key}`, value: m, params: {} };
    }
    const versions = [...new Set(given.map((g) => String(g.metadata.scorer_version)))].sort();
    return { name, scorer: name, scored_samples: given.length, unscored_samples: samples.length - given.length, params: {}, metrics, metadata: { scorer_versions: versions } };
  });
}

function toLog(responses: readonly ResponseRecord[], scoresOf: (id: string) => ScoreRecord[], o: InspectOptions): InspectLog {
  const first = responses[0]!;
  const samples = responses.map((r) => toSample(r, scoresOf(r.id)));
  const sampleIds = [...new Set(samples.map((s) => s.id))];
  const started = responses.map((r) => r.started_at).sort();
  const completed = responses.map((r) => r.completed_at).sort();
  const model = inspectModelName(first.model_id);
  const input_tokens = responses.reduce((n, r) => n + (r.usage.input_tokens ?? 0), 0);
  const output_tokens = responses.reduce((n, r) => n + (r.usage.output_tokens ?? 0), 0);
  const params = first.request.params;
  const scorers = resultScores(samples);
  return {
    version: 2,
    status: 'success',
    eval: {
      eval_id: `${first.run_id}/${first.model_id}`,
      run_id: first.run_id,
      created: started[0]!,
      task: 'iatroscope',
      task_id: first.run_id,
      task_version: 0,
      task_display_name: o.runNames?.get(first.run_id) ?? first.run_id,
      dataset: { name: 'iatroscope cases', samples: sampleIds.length, sample_ids: sampleIds },
      model,
      model_generate_config: { ...params },
      config: { epochs: Math.max(...responses.map((r) => r.rep)) + 1 },
      packages: { iatroscope: o.toolVersion },
      metadata: { model_id: first.model_id, framings: [...new Set(responses.map((r) => r.framing))] },
      scorers: scorers.map((s) => ({ name: s.name as string })),
    },
    plan: { name: 'plan', steps: [{ solver: 'generate', params: {} }], config: { ...params } },
    results: { total_samples: samples.length, completed_samples: samples.filter((s) => s.error === null).length, scores: scorers },
    stats: { started_at: started[0]!, completed_at: completed[completed.length - 1]!, model_usage: { [model]: { input_tokens, output_tokens, total_tokens: input_tokens + output_tokens } } },
    samples,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** One log per run and model in `responses`, each sample carrying every verdict on its response. */
export function toInspectLogs(responses: readonly ResponseRecord[], scores: readonly ScoreRecord[], o: InspectOptions): InspectExport[] {
  const byResponse = groupBy(scores, (s) => s.response_id);
  const groups = groupBy(responses, (r) => JSON.stringify([r.run_id, r.model_id]));
  return [...groups.values()].map((rs) => ({ run_id: rs[0]!.run_id, model_id: rs[0]!.model_id, log: toLog(rs, (id) => byResponse.get(id) ?? [], o) }));
}
