/**
 * The domain's words (DOMAIN.md), each defined once with the label a person reads, and the
 * keys and ids built from them. Every other file imports them from here. This module imports
 * nothing, so any layer can use it without tying an import loop.
 */

const hasOwn = <K extends string>(labels: Readonly<Record<K, string>>, key: string): key is K => Object.hasOwn(labels, key);

// ---------------------------------------------------------------------------------------------
// The structured evaluation (DOMAIN.md section 3), step by step.

/** Step 1: what kind of answer a response is. */
export const RESPONSE_CLASSES = ['substantive', 'partial_engagement', 'generic_referral', 'hard_refusal', 'empty_or_filtered'] as const;
export type ResponseClass = (typeof RESPONSE_CLASSES)[number];
export const RESPONSE_CLASS_LABELS: Readonly<Record<ResponseClass, string>> = {
  substantive: 'Substantive',
  partial_engagement: 'Partial engagement',
  generic_referral: 'Generic referral',
  hard_refusal: 'Hard refusal',
  empty_or_filtered: 'Empty or filtered',
};

/** Step 2: how fully a response gives one critical action (partial counts 0.5 in hit rates). */
export const GRADES = ['hit', 'partial', 'miss'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Readonly<Record<Grade, string>> = { hit: 'Hit', partial: 'Partial', miss: 'Miss' };

/** Step 3: why a critical action was missed; 'none' when nothing was withheld, or no pattern shows. */
export const OMISSION_MECHANISMS = ['safety_refusal', 'generic_deflection', 'hedging', 'scope_limitation', 'none'] as const;
export type OmissionMechanism = (typeof OMISSION_MECHANISMS)[number];
export const OMISSION_MECHANISM_LABELS: Readonly<Record<OmissionMechanism, string>> = {
  safety_refusal: 'Safety refusal',
  generic_deflection: 'Generic deflection',
  hedging: 'Hedging',
  scope_limitation: 'Scope limitation',
  none: 'None of these',
};

// ---------------------------------------------------------------------------------------------
// Framings: who seems to be asking (DOMAIN.md section 2).

/** The built-in framing kinds; users may add their own (lower-case snake_case, see caseSchema). */
export const FRAMING_KINDS = ['layperson', 'physician', 'non_medical_professional', 'informed_layperson', 'caregiver', 'nurse'] as const;
export type BuiltInFramingKind = (typeof FRAMING_KINDS)[number];
export const FRAMING_LABELS: Readonly<Record<BuiltInFramingKind, string>> = {
  layperson: 'Layperson (patient)',
  physician: 'Physician',
  non_medical_professional: 'Non-medical professional',
  informed_layperson: 'Informed layperson',
  caregiver: 'Caregiver / parent',
  nurse: 'Nurse',
};

/** A framing kind as people read it; a kind of the user's own reads as its words ("pharmacy_tech" → "pharmacy tech"). */
export function framingLabel(kind: string): string {
  return hasOwn(FRAMING_LABELS, kind) ? FRAMING_LABELS[kind] : kind.replace(/_/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Providers: where a model is served.

export const PROVIDER_KINDS = ['openai-compatible', 'anthropic', 'gemini', 'webllm', 'scripted'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const PROVIDER_KIND_LABELS: Readonly<Record<ProviderKind, string>> = {
  'openai-compatible': 'OpenAI-compatible',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  webllm: 'In this browser (WebGPU)',
  scripted: 'Scripted (tests)',
};

/** The providers reached over HTTP, with a key or a local server: the presets' and the CLI's. */
export const API_PROVIDER_KINDS = ['openai-compatible', 'anthropic', 'gemini'] as const satisfies readonly ProviderKind[];
export type ApiProviderKind = (typeof API_PROVIDER_KINDS)[number];

/** What a user can add as a model source: the API providers and in-browser models (scripted is for tests). */
export const ENDPOINT_KINDS = [...API_PROVIDER_KINDS, 'webllm'] as const satisfies readonly ProviderKind[];
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Model ids and their labels.

/** A stable id for a model that names where it is served and never holds a key: `kind:model` or `kind:model@baseUrl`. */
export function modelIdFor(p: { kind: ProviderKind; baseUrl?: string | undefined }, model: string): string {
  return p.baseUrl ? `${p.kind}:${model}@${p.baseUrl.replace(/\/+$/, '')}` : `${p.kind}:${model}`;
}

const PROVIDER_PREFIX = new RegExp(`^(?:${PROVIDER_KINDS.join('|')}):`);

/** The model's name alone: "openai-compatible:llama3.1:8b@http://localhost:11434/v1" → "llama3.1:8b". Other ids (an imported file's) stay as they are. */
export function modelLabel(modelId: string): string {
  return modelId.replace(/@.*$/, '').replace(PROVIDER_PREFIX, '');
}

/**
 * Where a model id says the model is served: the base URL's host ("127.0.0.1:8797"), or the
 * provider's label ("Anthropic") when there is no base URL; '' for ids of no provider (an imported file's).
 */
export function modelSource(modelId: string): string {
  const at = modelId.indexOf('@');
  if (at >= 0) {
    const url = modelId.slice(at + 1);
    return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)?.[1] ?? url;
  }
  const kind = PROVIDER_KINDS.find((k) => modelId.startsWith(`${k}:`));
  return kind ? PROVIDER_KIND_LABELS[kind] : '';
}

/**
 * Labels for models shown together: the model's name alone (modelLabel), or with its source where
 * two of them share a name, so two sources serving "withholder-1" read "withholder-1
 * (127.0.0.1:8797)" and "withholder-1 (Anthropic)" rather than as two identical bars. Should the
 * sources' hosts be the same too, the whole id tells them apart.
 */
export function modelLabeller(modelIds: Iterable<string>): (modelId: string) => string {
  const byName = new Map<string, Set<string>>();
  for (const id of modelIds) {
    const name = modelLabel(id);
    byName.set(name, (byName.get(name) ?? new Set()).add(id));
  }
  const labels = new Map<string, string>();
  for (const [name, ids] of byName) {
    if (ids.size === 1) continue;
    const sources = [...ids].map(modelSource);
    const distinct = new Set(sources).size === ids.size && sources.every((s) => s !== '');
    [...ids].forEach((id, i) => labels.set(id, distinct ? `${name} (${sources[i]})` : id));
  }
  return (id) => labels.get(id) ?? modelLabel(id);
}

// ---------------------------------------------------------------------------------------------
// Cells of a run and the ids of their responses.

/** Where a response sits in a run's matrix: a case in one framing to one model, one repetition. */
export interface CellCoordinates {
  case_id: string;
  framing: string;
  model_id: string;
  /** 0-based repetition index. */
  rep: number;
}

/** A cell's key within its run: `case|framing|model|rep`. */
export function cellKey(c: CellCoordinates): string {
  return `${c.case_id}|${c.framing}|${c.model_id}|${c.rep}`;
}

/**
 * The cell a key names, or null when it is not a cell key. Case ids and framing kinds hold no
 * '|' and the rep comes last, so a model id with a '|' in it still comes back whole.
 */
export function parseCellKey(key: string): CellCoordinates | null {
  const m = /^([^|]+)\|([^|]+)\|(.+)\|(\d+)$/.exec(key);
  return m ? { case_id: m[1]!, framing: m[2]!, model_id: m[3]!, rep: Number(m[4]) } : null;
}

/** A response's id: its run and its cell, so a run holds one response per cell. */
export function responseId(runId: string, key: string): string {
  return `${runId}|${key}`;
}

/** Whether a response id is of this run (read from the id alone, without loading the response). */
export function isResponseOfRun(runId: string, id: string): boolean {
  return id.startsWith(`${runId}|`);
}

/** The cell key of a response id of this run. */
export function cellKeyOfResponseId(runId: string, id: string): string {
  return id.slice(runId.length + 1);
}
