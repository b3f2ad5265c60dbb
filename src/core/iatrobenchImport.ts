import { z } from 'zod';
import { plural } from './plural';
import { CASE_FORMAT_VERSION, CATEGORIES, caseSchema, type Case, type Category, type Framing } from './caseSchema';
import { parseJson, zodErrors, type LocatedError } from './located';

/**
 * Reads the published IatroBench files (DOMAIN.md section 5) into native cases. Each file is
 * recognised by its shape, so a user can point us at the data folder exactly as it ships:
 * scenario files, the safety-colliding map and the probe file may sit anywhere in it; other
 * files are skipped and reported. Importing is all-or-nothing: any error means no cases.
 */

export interface InputFile {
  /** Path as the user sees it, relative to what they picked. */
  path: string;
  text: string;
}

const decouplingSchema = z.looseObject({
  pair_id: z.union([z.string(), z.number()]).transform(String),
  framing: z.enum(['layperson', 'physician']),
  partner_id: z.string(),
});

export const iatrobenchScenarioSchema = z.looseObject({
  id: z.string().min(1),
  quadrant: z.string().optional(),
  quadrant_number: z.number().optional(),
  acuity_weight: z.number().min(0).max(4),
  prompt: z.string().min(1),
  system_prompt: z.string().nullable().optional(),
  gold_standard_response: z.string(),
  critical_actions: z.array(z.string()),
  commission_risks: z.array(z.string()).optional().default([]),
  equity_variant: z.unknown().optional(),
  decoupling_variant: decouplingSchema.nullable().optional(),
  metadata: z
    .looseObject({
      clinical_basis: z.union([z.string(), z.array(z.string())]).optional(),
      acuity_class: z.string().optional(),
      framing: z.string().optional(),
      detail_level: z.string().optional(),
    })
    .optional(),
});
type Scenario = z.infer<typeof iatrobenchScenarioSchema>;

const probeSchema = z.looseObject({
  pair_id: z.union([z.string(), z.number()]).transform(String),
  original_layperson_id: z.string(),
  original_physician_id: z.string(),
  quadrant: z.string().optional(),
  non_medical_professional_prompt: z.string().min(1),
  informed_layperson_prompt: z.string().min(1),
});
type Probe = z.infer<typeof probeSchema>;

const collidingMapSchema = z.record(z.string(), z.array(z.boolean()));

export type FileKind = 'scenario' | 'colliding_map' | 'probes' | 'skipped';

/** Which published file a parsed JSON value looks like. Loose on purpose; the schema decides. */
export function recogniseShape(value: unknown): FileKind {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const probeList = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((p) => isObj(p) && 'original_layperson_id' in p);
  if (isObj(value) && 'critical_actions' in value && ('prompt' in value || 'gold_standard_response' in value)) return 'scenario';
  if (probeList(value) || (isObj(value) && Object.values(value).some(probeList))) return 'probes';
  if (isObj(value)) {
    const vals = Object.values(value);
    if (vals.length > 0 && vals.every((v) => Array.isArray(v) && v.every((b) => typeof b === 'boolean'))) return 'colliding_map';
  }
  return 'skipped';
}

export function categoryFromQuadrant(quadrant: string | undefined, acuityClass?: string): Category {
  const q = `${quadrant ?? ''} ${acuityClass ?? ''}`.toLowerCase();
  const rules: [RegExp, Category][] = [
    [/control/, 'control'],
    [/golden|emergenc/, 'golden_hour'],
    [/mental|crisis|suicid/, 'mental_health_crisis'],
    [/medication|prescri/, 'medication_management'],
    [/harm.?reduction/, 'harm_reduction'],
    [/equity/, 'equity_gradient'],
    [/terminal|advance|palliat|end.of.life/, 'terminal_care'],
    [/diagnos|red.?flag/, 'diagnostic_red_flags'],
    [/paediatr|pediatr|child/, 'paediatric'],
    [/alarm/, 'alarm_fatigue'],
    [/legal/, 'legal_triage'],
  ];
  return rules.find(([re]) => re.test(q))?.[1] ?? 'other';
}

/** What the import made of one file, in words a user can check against their folder. */
export interface FileNote {
  path: string;
  recognised: boolean;
  note: string;
}

export interface ImportSummary {
  cases: Case[];
  /** Files not recognised as any published shape (README, results, configs ...). */
  skipped: string[];
  /** Every file given, in order, with what was recognised in it or why it was skipped. */
  files: FileNote[];
  /** Non-fatal facts the user should know (e.g. no colliding map: flags unknown). */
  warnings: string[];
}

export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; errors: LocatedError[] };

export interface ImportOptions {
  /** Files given explicitly as the map / the probes, whatever their shape suggests. */
  collidingMap?: InputFile;
  probes?: InputFile;
}

const caseId = (s: string) => `iatrobench-${s.replace(/[^A-Za-z0-9._-]/g, '-')}`;

interface ScenarioFile {
  file: string;
  s: Scenario;
}

/** What the files hold, by kind, before any case is built. */
interface Inputs {
  scenarios: Map<string, ScenarioFile>;
  probes: { file: string; p: Probe; index: number }[];
  colliding: Record<string, boolean[]> | undefined;
  skipped: string[];
  files: FileNote[];
}

/** Collected as the import goes; any error fails it as a whole. */
interface Notes {
  errors: LocatedError[];
  warnings: string[];
}

export function importIatrobench(files: InputFile[], options: ImportOptions = {}): ImportResult {
  const notes: Notes = { errors: [], warnings: [] };
  const inputs = readInputs(files, options, notes.errors);
  if (notes.errors.length) return { ok: false, errors: notes.errors };
  if (inputs.scenarios.size === 0) {
    return { ok: false, errors: [{ file: files[0]?.path ?? '(no files)', path: '$', message: 'no IatroBench scenario files found (a scenario has id, prompt and critical_actions)' }] };
  }
  if (!inputs.colliding) notes.warnings.push('No safety-colliding map was given: colliding flags are unknown, and colliding vs non-colliding hit rates cannot be computed for these cases.');
  const cases = buildCases(inputs, notes);
  for (const { file, p, index } of inputs.probes) {
    if (!inputs.scenarios.has(p.original_layperson_id) || !inputs.scenarios.has(p.original_physician_id)) {
      notes.warnings.push(`Probe for pair ${p.pair_id} (${file} item ${index}) refers to scenarios not among the files; ignored.`);
    }
  }
  const parsed = validateCases(cases, notes.errors);
  if (notes.errors.length) return { ok: false, errors: notes.errors };
  return { ok: true, summary: { cases: parsed, skipped: inputs.skipped, files: inputs.files, warnings: notes.warnings } };
}

function readInputs(files: readonly InputFile[], options: ImportOptions, errors: LocatedError[]): Inputs {
  const inputs: Inputs = { scenarios: new Map(), probes: [], colliding: undefined, skipped: [], files: [] };
  for (const f of files) readInput(inputs, errors, f);
  if (options.collidingMap) readInput(inputs, errors, options.collidingMap, 'colliding_map');
  if (options.probes) readInput(inputs, errors, options.probes, 'probes');
  return inputs;
}

/** Why a file that is not published JSON was passed over, in words. */
function skipReason(path: string): string {
  if (/\.jsonl$/i.test(path)) return 'skipped: scored results, not cases (import them under Analysis, Import published scores)';
  if (!/\.json$/i.test(path)) return 'skipped: not a JSON file';
  return 'skipped: not a scenario, a safety-colliding map or a probe file';
}

/** A file given as a kind (`forced`) must parse as that kind; any other file that is not published JSON is skipped. */
function readInput(inputs: Inputs, errors: LocatedError[], f: InputFile, forced?: FileKind): void {
  const skip = (note = skipReason(f.path)) => {
    inputs.skipped.push(f.path);
    inputs.files.push({ path: f.path, recognised: false, note });
  };
  const recognised = (note: string) => inputs.files.push({ path: f.path, recognised: true, note });
  if (!forced && !/\.json$/i.test(f.path)) return skip();
  const json = parseJson(f.path, f.text);
  if (!json.ok) return forced ? void errors.push(...json.errors) : skip('skipped: not valid JSON');
  const kind = forced ?? recogniseShape(json.value);
  if (kind === 'scenario') {
    const r = iatrobenchScenarioSchema.safeParse(json.value);
    if (!r.success) return void errors.push(...zodErrors(f.path, r.error));
    const prior = inputs.scenarios.get(r.data.id);
    if (prior) return void errors.push({ file: f.path, path: '$.id', message: `scenario id "${r.data.id}" also appears in ${prior.file}` });
    inputs.scenarios.set(r.data.id, { file: f.path, s: r.data });
    const dv = r.data.decoupling_variant;
    recognised(`scenario ${r.data.id.trim()}${dv ? ` (${dv.framing} side of pair ${dv.pair_id})` : ''}, ${r.data.critical_actions.length} critical actions`);
  } else if (kind === 'probes') {
    // The probe list may be the whole file or one array-valued field of it.
    const v = json.value;
    const key = Array.isArray(v) ? undefined : Object.keys(v as object).find((k) => Array.isArray((v as Record<string, unknown>)[k]));
    const list = key === undefined ? v : (v as Record<string, unknown>)[key];
    const r = z.array(probeSchema).safeParse(list);
    if (!r.success) return void errors.push(...zodErrors(f.path, r.error, key === undefined ? [] : [key]));
    r.data.forEach((p, index) => inputs.probes.push({ file: f.path, p, index }));
    recognised(`probe file: extra framings for ${plural(r.data.length, 'pair')}`);
  } else if (kind === 'colliding_map') {
    const r = collidingMapSchema.safeParse(json.value);
    if (!r.success) return void errors.push(...zodErrors(f.path, r.error));
    inputs.colliding = { ...inputs.colliding, ...r.data };
    recognised(`safety-colliding map for ${plural(Object.keys(r.data).length, 'scenario')}`);
  } else skip();
}

/** A scenario and its decoupling partner become one two-framing case (plus the probe framings); the rest stand alone. */
function buildCases(inputs: Inputs, notes: Notes): Case[] {
  const cases: Case[] = [];
  const used = new Set<string>();
  for (const { file, s } of inputs.scenarios.values()) {
    if (used.has(s.id)) continue;
    const dv = s.decoupling_variant;
    if (dv) {
      const partner = inputs.scenarios.get(dv.partner_id);
      if (!partner) {
        notes.warnings.push(`${s.id} names partner ${dv.partner_id}, which is not among the files; kept as a single-framing case.`);
      } else {
        const lay = dv.framing === 'layperson' ? { file, s } : partner;
        const phys = dv.framing === 'layperson' ? partner : { file, s };
        used.add(lay.s.id).add(phys.s.id);
        cases.push(pairCase(inputs, notes, dv.pair_id, lay, phys));
        continue;
      }
    }
    used.add(s.id);
    const kind = dv?.framing ?? (s.metadata?.framing?.toLowerCase().includes('physician') ? 'physician' : 'layperson');
    cases.push(toCase(inputs, notes, { id: caseId(s.id), title: readableTitle(s, [s.id]), primary: { file, s }, framings: { [kind]: toFraming(s) }, original_ids: { [kind]: s.id } }));
  }
  return cases;
}

function pairCase(inputs: Inputs, notes: Notes, pairId: string, lay: ScenarioFile, phys: ScenarioFile): Case {
  const framings: Record<string, Framing> = { layperson: toFraming(lay.s), physician: toFraming(phys.s) };
  const probe = inputs.probes.find(({ p }) => p.pair_id === pairId || (p.original_layperson_id === lay.s.id && p.original_physician_id === phys.s.id));
  if (probe) {
    framings.non_medical_professional = { prompt: probe.p.non_medical_professional_prompt };
    framings.informed_layperson = { prompt: probe.p.informed_layperson_prompt };
  }
  return toCase(inputs, notes, {
    id: caseId(`pair-${pairId}`),
    title: readableTitle(lay.s, [lay.s.id, phys.s.id], pairId),
    primary: lay,
    framings,
    original_ids: { layperson: lay.s.id, physician: phys.s.id },
    pair_id: pairId,
  });
}

/** Longest prompt opening used as a title, in characters. */
const TITLE_OPENING = 70;

/**
 * A title a reader can scan in a list (the published ids, "Q3g", say nothing): the pair's topic
 * when its id names one ("alcohol_withdrawal"), else the opening sentence of the prompt; then the
 * area and the published ids, so a reader of the paper can still find the scenario.
 */
export function readableTitle(s: Scenario, ids: readonly string[], pairId?: string): string {
  const named = pairId !== undefined && /[a-z]{3,}/i.test(pairId) && !/^(pair|p)?[\s_-]*\d+$/i.test(pairId);
  const topic = named ? sentenceCase(pairId.replace(/[\s_-]+/g, ' ').trim()) : promptOpening(s.prompt);
  const category = categoryFromQuadrant(s.quadrant, s.metadata?.acuity_class);
  const area = category === 'other' ? s.quadrant?.replace(/_/g, ' ').trim() : CATEGORIES[category].label;
  return [topic, area, ids.map((id) => id.trim()).join(' / ')].filter(Boolean).join(' · ');
}

const sentenceCase = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function promptOpening(prompt: string): string {
  const first = prompt.trim().split(/(?<=[.?!])\s/)[0]!.replace(/[.!]+$/, '').replace(/\s+/g, ' ');
  if (first.length <= TITLE_OPENING) return first;
  const cut = first.slice(0, TITLE_OPENING);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 30 ? cut.lastIndexOf(' ') : TITLE_OPENING).replace(/[,;:]$/, '')}…`;
}

const toFraming = (s: Scenario): Framing => ({ prompt: s.prompt, ...(s.system_prompt ? { system_prompt: s.system_prompt } : {}) });

interface CaseParts {
  id: string;
  title: string;
  /** The scenario whose facts, actions and risks the case takes (the layperson one of a pair). */
  primary: ScenarioFile;
  framings: Record<string, Framing>;
  original_ids: Record<string, string>;
  pair_id?: string;
}

function toCase(inputs: Inputs, notes: Notes, { id, title, primary, framings, original_ids, pair_id }: CaseParts): Case {
  const s = primary.s;
  const category = categoryFromQuadrant(s.quadrant, s.metadata?.acuity_class);
  const flags = flagsFor(inputs.colliding, notes, s.id, primary.file, s.critical_actions.length);
  const basis = s.metadata?.clinical_basis;
  return {
    format_version: CASE_FORMAT_VERSION,
    // No stated_barriers: the published files do not record them, and absent means unknown.
    id,
    title,
    category,
    acuity_weight: s.acuity_weight >= 1 ? s.acuity_weight : CATEGORIES[category].acuity,
    expected_behaviour: category === 'control' ? 'caution' : 'engage',
    clinical_basis: basis === undefined ? [] : Array.isArray(basis) ? basis : [basis],
    gold_standard: s.gold_standard_response || '(none given)',
    critical_actions: s.critical_actions.map((text, i) => ({ id: `ca${i + 1}`, text, safety_colliding: flags[i] ?? null })),
    commission_risks: s.commission_risks.map((text, i) => ({ id: `cr${i + 1}`, text })),
    framings,
    source: { kind: 'iatrobench', original_ids, ...(pair_id ? { pair_id } : {}), file: primary.file },
  };
}

function flagsFor(colliding: Inputs['colliding'], notes: Notes, id: string, file: string, n: number): (boolean | null)[] {
  if (!colliding) return Array(n).fill(null);
  // Own keys only: a scenario named "constructor" or "__proto__" must not find Object.prototype's.
  const flags = Object.hasOwn(colliding, id) ? colliding[id] : undefined;
  if (!flags) {
    notes.warnings.push(`The colliding map has no entry for ${id}; its flags are unknown.`);
    return Array(n).fill(null);
  }
  if (flags.length !== n) {
    notes.errors.push({ file, path: '$.critical_actions', message: `scenario ${id} has ${n} critical actions but the colliding map gives ${flags.length} flags` });
  }
  return flags;
}

/**
 * Every built case must satisfy the native schema; a failure here is named against its source
 * file. The parsed form is what is returned, so it is exactly what a native file would hold
 * (the schema trims titles and texts built from padded ids or prompts).
 */
function validateCases(cases: readonly Case[], errors: LocatedError[]): Case[] {
  const parsed: Case[] = [];
  for (const c of cases) {
    const r = caseSchema.safeParse(c);
    if (r.success) parsed.push(r.data);
    else errors.push(...zodErrors(c.source?.file ?? c.id, r.error));
  }
  return parsed;
}
