import { CASE_FORMAT_VERSION, CATEGORIES, caseSchema, type Case, type Category, type RiskSeverity } from '../core/caseSchema';
import { templateFor } from '../core/framingTemplates';
import { zodErrors, type LocatedError } from '../core/located';
import type { ResourceId } from '../core/resources';

interface DraftItem {
  id: string;
  text: string;
  safety_colliding: boolean;
  /** Risks only; '': judged from the text (CH 2, or 3 where it speaks of death or overdose). */
  severity: RiskSeverity | '';
}
interface DraftBarrier {
  /** For keyed lists only; not saved. */
  key: number;
  resource: ResourceId;
  text: string;
  /** Framing kinds it holds in; empty: every framing. */
  framings: string[];
}
interface DraftFraming {
  kind: string;
  prompt: string;
  asker: string;
  system_prompt: string;
}

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** A case being written in the builder: the clinical core once, then framings from templates. */
export class CaseDraft {
  id = $state('');
  title = $state('');
  category = $state<Category>('medication_management');
  acuity_weight = $state<number>(CATEGORIES.medication_management.acuity);
  expected_behaviour = $state<'engage' | 'caution'>('engage');
  clinical_basis = $state('');
  facts = $state('');
  /** One key fact per line: what every framing must state. */
  key_facts = $state('');
  question = $state('');
  gold_standard = $state('');
  design_note = $state('');
  actions = $state<DraftItem[]>([]);
  risks = $state<DraftItem[]>([]);
  framings = $state<DraftFraming[]>([]);
  barriers = $state<DraftBarrier[]>([]);
  /**
   * Whether the case records its stated barriers. An imported case does not, and saving it
   * unedited must not turn "not recorded" into "none stated"; adding a barrier records them.
   */
  barriersRecorded = $state(true);
  #barrierKey = 0;
  errors = $state.raw<LocatedError[]>([]);
  /** Parts of the original case the builder does not edit (matchers, source) are kept. */
  #original: Case | undefined;
  readonly isNew: boolean;

  constructor(from?: Case, copy = false) {
    this.isNew = !from || copy;
    if (!from) {
      this.actions = [{ id: 'ca1', text: '', safety_colliding: false, severity: '' }];
      return;
    }
    this.#original = copy ? { ...from, source: { kind: 'user' } } : from;
    this.id = copy ? `${from.id}-copy` : from.id;
    this.title = copy ? `${from.title} (copy)` : from.title;
    this.category = from.category;
    this.acuity_weight = from.acuity_weight;
    this.expected_behaviour = from.expected_behaviour;
    this.clinical_basis = from.clinical_basis.join('\n');
    this.facts = from.facts ?? '';
    this.key_facts = (from.key_facts ?? []).join('\n');
    this.question = from.question ?? '';
    this.gold_standard = from.gold_standard;
    this.design_note = from.design_note ?? '';
    this.actions = from.critical_actions.map((a) => ({ id: a.id, text: a.text, safety_colliding: a.safety_colliding ?? false, severity: '' }));
    this.risks = from.commission_risks.map((r) => ({ id: r.id, text: r.text, safety_colliding: false, severity: r.severity ?? '' }));
    this.framings = Object.entries(from.framings).map(([kind, f]) => ({
      kind,
      prompt: f.prompt,
      asker: f.asker ?? '',
      system_prompt: f.system_prompt ?? '',
    }));
    this.barriersRecorded = from.stated_barriers !== undefined;
    this.barriers = (from.stated_barriers ?? []).map((b) => ({ key: this.#barrierKey++, resource: b.resource, text: b.text, framings: b.framings ?? [] }));
  }

  setCategory(c: Category) {
    this.category = c;
    this.acuity_weight = CATEGORIES[c].acuity;
    this.expected_behaviour = c === 'control' ? 'caution' : 'engage';
  }

  addFraming(kind: string) {
    if (!kind || this.framings.some((f) => f.kind === kind)) return;
    const f = templateFor(kind).build(this.facts);
    this.framings.push({ kind, prompt: f.prompt, asker: f.asker ?? '', system_prompt: '' });
  }

  removeFraming(kind: string) {
    this.framings = this.framings.filter((f) => f.kind !== kind);
    // A barrier listed for this framing alone goes with it; emptying its list would spread it to every framing.
    this.barriers = this.barriers
      .filter((b) => !(b.framings.length === 1 && b.framings[0] === kind))
      .map((b) => ({ ...b, framings: b.framings.filter((k) => k !== kind) }));
  }

  addBarrier() {
    this.barriers.push({ key: this.#barrierKey++, resource: 'doctor', text: '', framings: [] });
    this.barriersRecorded = true;
  }

  setBarrierFraming(index: number, kind: string, on: boolean) {
    const b = this.barriers[index];
    if (!b) return;
    const rest = b.framings.filter((k) => k !== kind);
    b.framings = on ? [...rest, kind] : rest;
  }

  addItem(list: 'actions' | 'risks') {
    const prefix = list === 'actions' ? 'ca' : 'cr';
    const ids = new Set(this[list].map((i) => i.id));
    let n = this[list].length + 1;
    while (ids.has(`${prefix}${n}`)) n++;
    this[list].push({ id: `${prefix}${n}`, text: '', safety_colliding: false, severity: '' });
  }

  toCase(): Case | undefined {
    const orig = this.#original;
    const byId = <T extends { id: string }>(xs: T[] | undefined, id: string) => xs?.find((x) => x.id === id);
    const keyFacts = this.key_facts.split('\n').map((s) => s.trim()).filter(Boolean);
    const candidate = {
      format_version: CASE_FORMAT_VERSION,
      id: this.id.trim() || slugify(this.title),
      title: this.title,
      category: this.category,
      acuity_weight: Number(this.acuity_weight),
      expected_behaviour: this.expected_behaviour,
      clinical_basis: this.clinical_basis.split('\n').map((s) => s.trim()).filter(Boolean),
      ...(this.facts.trim() ? { facts: this.facts } : {}),
      ...(keyFacts.length ? { key_facts: keyFacts } : {}),
      ...(this.question.trim() ? { question: this.question.trim() } : {}),
      gold_standard: this.gold_standard,
      critical_actions: this.actions
        .filter((a) => a.text.trim())
        .map((a) => {
          const match = byId(orig?.critical_actions, a.id)?.match;
          return { id: a.id, text: a.text, safety_colliding: a.safety_colliding, ...(match ? { match } : {}) };
        }),
      commission_risks: this.risks
        .filter((r) => r.text.trim())
        .map((r) => {
          const match = byId(orig?.commission_risks, r.id)?.match;
          return { id: r.id, text: r.text, ...(r.severity ? { severity: r.severity } : {}), ...(match ? { match } : {}) };
        }),
      framings: Object.fromEntries(
        this.framings.map((f) => [
          f.kind,
          { prompt: f.prompt, ...(f.asker.trim() ? { asker: f.asker } : {}), ...(f.system_prompt.trim() ? { system_prompt: f.system_prompt } : {}) },
        ]),
      ),
      ...(this.design_note.trim() ? { design_note: this.design_note } : {}),
      ...(orig?.framing_differences_allowed ? { framing_differences_allowed: orig.framing_differences_allowed } : {}),
      ...(this.barriersRecorded
        ? { stated_barriers: this.barriers.map((b) => ({ resource: b.resource, text: b.text, ...(b.framings.length ? { framings: b.framings } : {}) })) }
        : {}),
      source: orig?.source ?? { kind: 'user' as const },
    };
    const r = caseSchema.safeParse(candidate);
    this.errors = r.success ? [] : zodErrors(this.title || 'new case', r.error);
    return r.success ? r.data : undefined;
  }
}
