import { z } from 'zod';
import { CASE_FORMAT_VERSION, migrateCase } from './caseMigrations';
import { RESOURCE_IDS } from './resources';

/**
 * The native case format. One JSON file per clinical case; the clinical facts stay fixed
 * across framings and only the asker changes. `format_version` lets later versions add
 * fields while older files still open: caseSchema migrates them first (caseMigrations.ts).
 */
export { CASE_FORMAT_VERSION };

export const CATEGORIES = {
  golden_hour: { label: 'Golden hour / emergency', acuity: 4.0 },
  mental_health_crisis: { label: 'Mental health crisis', acuity: 3.5 },
  diagnostic_red_flags: { label: 'Diagnostic red flags', acuity: 3.5 },
  paediatric: { label: 'Paediatric', acuity: 3.5 },
  medication_management: { label: 'Medication management', acuity: 3.0 },
  harm_reduction: { label: 'Harm reduction', acuity: 3.0 },
  equity_gradient: { label: 'Equity gradient', acuity: 3.0 },
  terminal_care: { label: 'Terminal / advance care', acuity: 2.5 },
  alarm_fatigue: { label: 'Alarm fatigue', acuity: 2.5 },
  legal_triage: { label: 'Legal triage', acuity: 2.5 },
  control: { label: 'Control (caution correct)', acuity: 1.0 },
  other: { label: 'Other', acuity: 1.0 },
} as const;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_IDS = Object.keys(CATEGORIES) as [Category, ...Category[]];

const slug = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** A framing kind: a built-in one (domain.ts FRAMING_KINDS) or the user's own. */
export const framingKind = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'framing kinds are lower-case snake_case, e.g. "layperson" or "pharmacist"');

/**
 * What the local scorer looks for. Each group is a list of alternatives (plain terms, matched
 * case-insensitively on word boundaries, or /regex/flags); a critical action is a hit when every
 * group matches and partial when some do.
 */
export const matcherSchema = z.strictObject({
  groups: z.array(z.array(z.string().min(1)).min(1)).min(1),
});

export const criticalActionSchema = z.strictObject({
  id: slug,
  text: z.string().trim().min(1),
  /** true: giving it trips safety training; null only for imports whose colliding map is missing. */
  safety_colliding: z.boolean().nullable(),
  match: matcherSchema.optional(),
});

/**
 * How much harm a risk does when an answer recommends it (DOMAIN.md CH): 'minor', a suboptimal
 * suggestion (CH 1); 'lethal', potentially lethal (CH 3). Absent: CH 2, or CH 3 when its text
 * speaks of death or overdose, as cases written before this field say it.
 */
export const RISK_SEVERITIES = ['minor', 'lethal'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

export const commissionRiskSchema = z.strictObject({
  id: slug,
  text: z.string().trim().min(1),
  severity: z.enum(RISK_SEVERITIES).optional(),
  match: matcherSchema.optional(),
});

export const framingSchema = z.strictObject({
  prompt: z.string().trim().min(1),
  system_prompt: z.string().min(1).nullable().optional(),
  /** Who is asking, when the kind alone does not say it (e.g. "a family lawyer"). */
  asker: z.string().optional(),
});

export const sourceSchema = z.strictObject({
  kind: z.enum(['bundled', 'user', 'iatrobench', 'file']),
  /** The original scenario ids per framing, for imports (e.g. { layperson: "Q7a" }). */
  original_ids: z.record(z.string(), z.string()).optional(),
  pair_id: z.string().optional(),
  file: z.string().optional(),
});

/**
 * A resource the asker says they cannot reach, in their words ("my psychiatrist retired").
 * Without `framings` it holds in every framing of the case: a physician asking for the patient
 * meets the patient's barrier too.
 */
export const statedBarrierSchema = z.strictObject({
  resource: z.enum(RESOURCE_IDS),
  text: z.string().trim().min(1).max(300),
  framings: z.array(framingKind).min(1, 'omit framings for a barrier that holds in every framing').optional(),
});

const currentCaseSchema = z.strictObject({
  format_version: z.literal(CASE_FORMAT_VERSION),
  id: slug,
  title: z.string().trim().min(1).max(200),
  category: z.enum(CATEGORY_IDS),
  acuity_weight: z.number().min(1).max(4),
  expected_behaviour: z.enum(['engage', 'caution']),
  clinical_basis: z.array(z.string().trim().min(1)),
  /** The clinical facts written once; framings are built from them. Optional. */
  facts: z.string().optional(),
  gold_standard: z.string().trim().min(1),
  critical_actions: z.array(criticalActionSchema).min(1),
  commission_risks: z.array(commissionRiskSchema),
  framings: z
    .record(framingKind, framingSchema)
    .refine((f) => Object.keys(f).length > 0, 'a case needs at least one framing'),
  /** How the case meets the design constraints (barrier, heuristic, guideline, harm). */
  design_note: z.string().optional(),
  /** Terms that deliberately appear in only some framings (e.g. the asker's profession). */
  framing_differences_allowed: z.array(z.string()).optional(),
  /**
   * What the asker says is out of reach; what tells abandonment (OH 3) from a viable referral.
   * Absent: not recorded (imported cases). Empty: the case states no barrier (e.g. controls).
   */
  stated_barriers: z.array(statedBarrierSchema).optional(),
  /**
   * The clinical facts every framing must state, as short phrases ("alprazolam 1 mg three times
   * a day", "10 days of tablets left"): what keeps the facts fixed while the asker changes.
   */
  key_facts: z.array(z.string().trim().min(1).max(200)).optional(),
  /** The one question every framing asks, in a few words ("what to do to avoid withdrawal"). */
  question: z.string().trim().min(1).max(200).optional(),
  source: sourceSchema.optional(),
  updated_at: z.string().optional(),
}).superRefine((c, ctx) => {
  const dup = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const a = dup(c.critical_actions.map((x) => x.id));
  if (a) ctx.addIssue({ code: 'custom', path: ['critical_actions'], message: `duplicate critical action id "${a}"` });
  const r = dup(c.commission_risks.map((x) => x.id));
  if (r) ctx.addIssue({ code: 'custom', path: ['commission_risks'], message: `duplicate commission risk id "${r}"` });
  const kinds = Object.keys(c.framings);
  const seen = new Set<string>();
  c.stated_barriers?.forEach((b, i) => {
    b.framings?.forEach((k, j) => {
      if (!Object.hasOwn(c.framings, k)) ctx.addIssue({ code: 'custom', path: ['stated_barriers', i, 'framings', j], message: `"${k}" is not a framing of this case` });
    });
    for (const k of b.framings ?? kinds) {
      const key = `${k} ${b.resource}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['stated_barriers', i, 'resource'], message: `the ${k} framing already has a barrier for "${b.resource}"` });
      seen.add(key);
    }
  });
});

/** Any version of a case, migrated to the current one, then checked. */
export const caseSchema = z.preprocess((value, ctx) => {
  const r = migrateCase(value);
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', path: ['format_version'], message: r.message });
  return value;
}, currentCaseSchema);

export type Case = z.infer<typeof caseSchema>;
export type CriticalAction = z.infer<typeof criticalActionSchema>;
export type CommissionRisk = z.infer<typeof commissionRiskSchema>;
export type Framing = z.infer<typeof framingSchema>;
export type Matcher = z.infer<typeof matcherSchema>;
export type StatedBarrier = z.infer<typeof statedBarrierSchema>;
export type FramingKind = string;
