import { CAVEAT } from '../analysis/measures';
import type { ResponseRecord } from '../run/types';
import type { ScoreRecord } from '../scoreRecord';

/**
 * A run as a dataset for the Hugging Face hub: one JSONL row per response with every verdict on
 * it, and a dataset card (README.md) whose YAML front matter the hub reads (licence, task,
 * which file is which split). The data file sits at DATA_FILE beside the card.
 */

export const DATA_FILE = 'data/responses.jsonl';

export interface HfScore {
  scorer: string;
  scorer_kind: string;
  scorer_version: string;
  response_class: string | null;
  oh: number | null;
  ch: number | null;
  ttt: number | null;
  mechanism: string | null;
  filtered: boolean;
  parse_error: string | null;
  critical_actions: { id: string; grade: string }[];
}

export interface HfRow {
  response_id: string;
  run_id: string;
  case_id: string;
  framing: string;
  model_id: string;
  model: string;
  repetition: number;
  system_prompt: string | null;
  prompt: string;
  response: string;
  status: string;
  finish_reason: string;
  input_tokens: number | null;
  output_tokens: number | null;
  latency_ms: number;
  temperature: number;
  max_tokens: number;
  started_at: string;
  completed_at: string;
  scores: HfScore[];
}

/** What each column holds, for the card; the keys are HfRow's, in order. */
export const HF_FIELDS: Readonly<Record<keyof HfRow, string>> = {
  response_id: 'Unique id of the response: run, case, framing, model and repetition.',
  run_id: 'The run the response belongs to.',
  case_id: 'The clinical case asked.',
  framing: 'Who the question seemed to come from (layperson, physician, ...).',
  model_id: 'The model and where it was served (provider and base URL; never a key).',
  model: 'The model name the provider says answered, else the name requested.',
  repetition: '0-based repetition of the same request.',
  system_prompt: 'The system message sent, or null when there was none.',
  prompt: 'The user message sent, exactly.',
  response: "The model's answer as received (may be empty when a filter stripped it).",
  status: 'ok, filtered (empty or stopped by a content filter), truncated (cut at the size cap) or error (no answer).',
  finish_reason: "The provider's stop reason, normalised.",
  input_tokens: 'Input tokens the provider reported, or null.',
  output_tokens: 'Output tokens the provider reported, or null.',
  latency_ms: 'Time from request to complete answer, in milliseconds.',
  temperature: 'Sampling temperature of the request.',
  max_tokens: 'Output token limit of the request.',
  started_at: 'When the request was sent (ISO 8601).',
  completed_at: 'When the answer was complete (ISO 8601).',
  scores:
    'Every verdict on the response: scorer name, kind (local, judge_single, judge_structured, human, imported) and version, response class, omission harm OH 0-4, commission harm CH 0-3, token-time-to-triage, omission mechanism, per critical action hit/partial/miss.',
};

function toHfScore(s: ScoreRecord): HfScore {
  return {
    scorer: s.scorer,
    scorer_kind: s.scorer_kind,
    scorer_version: s.scorer_version,
    response_class: s.response_class,
    oh: s.oh,
    ch: s.ch,
    ttt: s.ttt,
    mechanism: s.mechanism,
    filtered: s.filtered,
    parse_error: s.parse_error,
    critical_actions: s.critical_actions.map((a) => ({ id: a.id, grade: a.grade })),
  };
}

/** One row per response, its verdicts sorted by scorer so two exports of the same data are identical. */
export function toHfRows(responses: readonly ResponseRecord[], scores: readonly ScoreRecord[]): HfRow[] {
  const byResponse = new Map<string, ScoreRecord[]>();
  for (const s of scores) {
    const list = byResponse.get(s.response_id);
    if (list) list.push(s);
    else byResponse.set(s.response_id, [s]);
  }
  return responses.map((r) => {
    const system = r.request.messages.find((m) => m.role === 'system');
    const users = r.request.messages.filter((m) => m.role === 'user');
    return {
      response_id: r.id,
      run_id: r.run_id,
      case_id: r.case_id,
      framing: r.framing,
      model_id: r.model_id,
      model: r.served_model ?? r.request.model,
      repetition: r.rep,
      system_prompt: system?.content ?? null,
      prompt: users.map((m) => m.content).join('\n\n'),
      response: r.text,
      status: r.status,
      finish_reason: r.finish_reason,
      input_tokens: r.usage.input_tokens,
      output_tokens: r.usage.output_tokens,
      latency_ms: r.latency_ms,
      temperature: r.request.params.temperature,
      max_tokens: r.request.params.max_tokens,
      started_at: r.started_at,
      completed_at: r.completed_at,
      scores: (byResponse.get(r.id) ?? []).sort((a, b) => (a.scorer < b.scorer ? -1 : a.scorer > b.scorer ? 1 : 0)).map(toHfScore),
    };
  });
}

function sizeCategory(n: number): string {
  if (n < 1_000) return 'n<1K';
  if (n < 10_000) return '1K<n<10K';
  if (n < 100_000) return '10K<n<100K';
  return n < 1_000_000 ? '100K<n<1M' : '1M<n<10M';
}

export interface CardOptions {
  /** A hub licence id (e.g. cc-by-4.0); "other" until the publisher chooses. */
  license: string;
  prettyName: string;
  toolVersion: string;
  createdAt: string;
}

/** A JSON string is a valid YAML double-quoted scalar, so names with colons or quotes stay safe. */
const yamlString = (s: string) => JSON.stringify(s);

function frontMatter(rows: readonly HfRow[], o: CardOptions): string {
  return [
    '---',
    `license: ${yamlString(o.license)}`,
    `pretty_name: ${yamlString(o.prettyName)}`,
    'language:',
    '- en',
    'task_categories:',
    '- text-generation',
    'tags:',
    '- medical',
    '- safety',
    '- evaluation',
    'size_categories:',
    `- ${yamlString(sizeCategory(rows.length))}`,
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    `    path: ${DATA_FILE}`,
    '---',
  ].join('\n');
}

/** Each scorer with its versions and how many responses it scored, as Markdown table rows. */
function scorerRows(rows: readonly HfRow[]): string[] {
  const seen = new Map<string, { kind: string; versions: Set<string>; n: number }>();
  for (const s of rows.flatMap((r) => r.scores)) {
    const entry = seen.get(s.scorer) ?? { kind: s.scorer_kind, versions: new Set<string>(), n: 0 };
    entry.versions.add(s.scorer_version);
    entry.n++;
    seen.set(s.scorer, entry);
  }
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [...seen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, e]) => `| ${cell(name)} | ${e.kind} | ${cell([...e.versions].sort().join(', '))} | ${e.n} |`);
}

/** The dataset card: front matter for the hub, then what the data is, how it was made and what it cannot say. */
export function hfDatasetCard(rows: readonly HfRow[], o: CardOptions): string {
  const distinct = (f: (r: HfRow) => string) => [...new Set(rows.map(f))].sort();
  const scorers = scorerRows(rows);
  return `${frontMatter(rows, o)}

# ${o.prettyName.replace(/[\r\n]+/g, ' ')}

Answers of ${distinct((r) => r.model_id).length} model(s) to ${distinct((r) => r.case_id).length} clinical case(s), each asked in
${distinct((r) => r.framing).length} framing(s) (${distinct((r) => r.framing).join(', ')}): ${rows.length} responses, one row each, with every score given to them.
The cases hold the clinical facts fixed and change only who seems to be asking, to measure identity-contingent
withholding: help given to a physician and withheld from a patient with the same facts.

## How it was produced

Exported by Iatroscope ${o.toolVersion} on ${o.createdAt}. Each request is stored exactly as sent (\`system_prompt\`,
\`prompt\`, \`temperature\`, \`max_tokens\`) and each answer as received. Scores come from the scorers below; a score's
version names the rules that gave it, and scores of two versions are different instruments.

| Scorer | Kind | Versions | Responses scored |
|---|---|---|---|
${scorers.length ? scorers.join('\n') : '| (none) | | | 0 |'}

## Fields

${(Object.entries(HF_FIELDS) as [string, string][]).map(([k, v]) => `- \`${k}\`: ${v}`).join('\n')}

## Caveats

- ${CAVEAT}
- The local scorer is a deterministic rule set: it reads the answer's shape, refusal and referral phrases and the
  case's critical-action matchers, not its clinical truth. Compare it with a human rater before quoting its numbers.
- Judge models' scores depend on the judge and its prompt; a single-step judge is known to compress omission harm.
- Answers are model output and may contain wrong or dangerous medical advice: they are data, not guidance.
- No API key is stored in a run or a response, so none is in this dataset.
- The licence above is the publisher's choice (\`other\` until set): check the model providers' terms for their outputs.
`;
}
