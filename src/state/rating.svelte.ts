import type { Case } from '../core/caseSchema';
import {
  blindItem,
  commandForKey,
  currentResponseId,
  draftFromScore,
  emptyDraft,
  fieldLabel,
  humanScorer,
  lastRated,
  missingFields,
  moveField,
  normaliseRaterName,
  ratingFields,
  ratingProgress,
  scopeKey,
  sessionRowId,
  setField,
  syncSession,
  toScoreRecord,
  type BlindItem,
  type RatingCommand,
  type RatingDraft,
  type RatingField,
} from '../core/rating';
import type { ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
import type { RunRow } from '../core/workspaceFormat';
import type { RatingData } from '../storage/ratingStore';
import { observe, type Store } from '../storage/store';
import { LiveQuery } from './liveQuery.svelte';

interface Pool extends Omit<RatingData, 'mine'> {
  rater: string;
  runId: string | null;
}
interface Edit {
  id: string;
  draft: RatingDraft;
  cursor: RatingField;
}

/**
 * One rater working through the responses of a scope, blind to model and framing label. The
 * response id of the item on screen never leaves this class: the view gets a BlindItem.
 */
export class RatingSession {
  /** The confirmed rater; '' while choosing. */
  rater = $state('');
  /** The name remembered in settings, to prefill the form. */
  rememberedName = $state('');
  nameLoaded = $state(false);
  /** '' = all runs. */
  runId = $state('');
  showGold = $state(false);
  message = $state('');
  #pool = $state.raw<Pool | null>(null);
  #mine = $state.raw<{ rater: string; rows: ScoreRecord[] } | null>(null);
  #focus = $state<string | null>(null);
  #edit = $state.raw<Edit | null>(null);
  /**
   * The last save and undo, applied before the database query catches up, so keys pressed in
   * the few milliseconds between go to the right response.
   */
  #optimistic = $state.raw<{ saved: string | null; undone: string | null }>({ saved: null, undone: null });
  #runs: LiveQuery<RunRow[]>;
  #busy = false;

  constructor(
    readonly store: Store,
    readonly cases: () => Case[],
  ) {
    store.raterName().then((n) => {
      this.rememberedName = n;
      this.rater = normaliseRaterName(n) ?? '';
      this.nameLoaded = true;
    });
    this.#runs = new LiveQuery(() => store.runsNewestFirst());
    $effect(() => {
      const rater = this.rater;
      const runId = this.runId || null;
      if (!rater) return;
      const sub = observe(() => store.ratingData(rater, runId, sessionRowId(rater, scopeKey(runId)))).subscribe({
        next: ({ mine: _, ...v }) => (this.#pool = { ...v, rater, runId }),
        error: (e: unknown) => (this.message = `Could not load responses: ${String(e)}`),
      });
      const subMine = observe(() => store.scoresFor(humanScorer(rater))).subscribe({ next: (rows) => (this.#mine = { rater, rows }) });
      return () => {
        sub.unsubscribe();
        subMine.unsubscribe();
      };
    });
    // Keeps the stored order in step with the responses in scope (created on first use,
    // extended when a run grows); the write re-runs the query, which then finds it unchanged.
    $effect(() => {
      const s = this.#synced;
      if (s?.changed) void store.putRatingSession(s.row);
    });
  }

  #synced = $derived.by(() => {
    const p = this.#pool;
    if (!p || p.rater !== this.rater || p.runId !== (this.runId || null)) return null;
    return syncSession(p.session, p.rater, scopeKey(p.runId), p.responses.map((r) => r.id), new Date().toISOString());
  });

  #byId = $derived(new Map((this.#pool?.responses ?? []).map((r) => [r.id, r])));
  #rated = $derived.by(() => {
    const set = new Set(this.#mine && this.#mine.rater === this.rater ? this.#mine.rows.map((s) => s.response_id) : []);
    const { saved, undone } = this.#optimistic;
    if (saved) set.add(saved);
    if (undone) set.delete(undone);
    return set;
  });
  #order = $derived(this.#synced?.row.order ?? []);
  #currentId = $derived(this.#synced && this.#mine ? currentResponseId(this.#order, this.#rated, this.#focus) : null);

  get loading(): boolean {
    return !!this.rater && (!this.#synced || !this.#mine || this.#mine.rater !== this.rater);
  }

  get runs(): { id: string; name: string }[] {
    return (this.#runs.current ?? []).map((r) => ({ id: r.id, name: r.spec.name || r.id }));
  }

  progress = $derived(ratingProgress(this.#order, this.#rated));

  #response = $derived(this.#currentId ? this.#byId.get(this.#currentId) : undefined);
  #case = $derived.by(() => {
    const id = this.#response?.case_id;
    return id === undefined ? undefined : this.cases().find((c) => c.id === id);
  });
  #actionIds = $derived((this.#case?.critical_actions ?? []).map((a) => a.id));

  /** What the rater sees; null when nothing is left to rate. */
  item = $derived.by((): BlindItem | null => {
    const r = this.#response;
    return r ? blindItem(r, this.#case, this.#order.indexOf(r.id) + 1, this.#order.length) : null;
  });

  #current = $derived.by((): Edit | null => {
    const id = this.#currentId;
    if (!id) return null;
    return this.#edit?.id === id ? this.#edit : { id, draft: emptyDraft(this.#actionIds.length), cursor: 'class' };
  });

  get draft(): RatingDraft | null {
    return this.#current?.draft ?? null;
  }
  get cursor(): RatingField {
    return this.#current?.cursor ?? 'class';
  }
  get fields(): RatingField[] {
    return this.#current ? ratingFields(this.#current.draft) : [];
  }

  async chooseRater(name: string): Promise<string | null> {
    const n = normaliseRaterName(name);
    if (!n) return 'Enter a name of 1-60 characters without "|".';
    await this.store.setRaterName(n);
    this.rememberedName = n;
    this.#focus = null;
    this.#edit = null;
    this.#optimistic = { saved: null, undone: null };
    this.message = '';
    this.rater = n;
    return null;
  }

  changeRater() {
    this.rater = '';
    this.message = '';
  }

  setScope(runId: string) {
    this.runId = runId;
    this.#focus = null;
    this.message = '';
  }

  #update(next: Partial<Omit<Edit, 'id'>>) {
    const c = this.#current;
    if (c) this.#edit = { ...c, ...next };
  }

  /** Sets a row's value and moves the cursor to the next row. */
  set(field: RatingField, value: string | number) {
    const c = this.#current;
    if (!c) return;
    const draft = setField(c.draft, field, value);
    this.#update({ draft, cursor: moveField(draft, field, 1) });
  }

  moveTo(field: RatingField) {
    this.#update({ cursor: field });
  }

  setNote(note: string) {
    const c = this.#current;
    if (c) this.#update({ draft: { ...c.draft, note } });
  }

  toggleGold() {
    this.showGold = !this.showGold;
  }

  /** Runs the command for a key press; returns it when handled, so the view can move focus. */
  key(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): RatingCommand | null {
    const c = this.#current;
    const cmd = commandForKey(e.key, { ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey }, c?.cursor ?? 'class');
    if (!cmd) return null;
    switch (cmd.kind) {
      case 'set':
        if (!c) return null;
        this.set(cmd.field, cmd.value);
        break;
      case 'move':
        if (!c) return null;
        this.#update({ cursor: moveField(c.draft, c.cursor, cmd.by) });
        break;
      case 'save':
        if (!c) return null;
        void this.save();
        break;
      case 'undo':
        void this.undo();
        break;
      case 'gold':
        this.toggleGold();
        break;
      case 'note':
        if (!c) return null;
    }
    return cmd;
  }

  async save() {
    const c = this.#current;
    const r = this.#response;
    if (!c || !r || this.#busy) return;
    const missing = missingFields(c.draft);
    if (missing.length) {
      this.message = `Not saved: still to rate ${missing.map(fieldLabel).join(', ')}.`;
      this.#update({ cursor: missing[0] as RatingField });
      return;
    }
    this.#busy = true;
    const before = this.#optimistic;
    try {
      const record = toScoreRecord(c.draft, r, this.#actionIds, this.rater, new Date().toISOString());
      this.#optimistic = { saved: r.id, undone: before.undone === r.id ? null : before.undone };
      await this.store.putScore(record);
      if (this.#focus === r.id) this.#focus = null;
      this.message = `Saved item ${this.#order.indexOf(r.id) + 1}.`;
    } catch (e) {
      this.#optimistic = before;
      this.message = `Not saved: ${(e as Error).message}`;
    } finally {
      this.#busy = false;
    }
  }

  /** Deletes the rater's most recent rating in this scope and brings that response back, prefilled. */
  async undo() {
    if (this.#busy || !this.#mine) return;
    const before = this.#optimistic;
    const last = lastRated(
      this.#mine.rows.filter((x) => x.response_id !== before.undone),
      this.#order,
    );
    if (!last) {
      this.message = 'Nothing to undo in this scope.';
      return;
    }
    this.#busy = true;
    const id = last.response_id;
    const r: ResponseRecord | undefined = this.#byId.get(id);
    const actionIds = (this.cases().find((c) => c.id === r?.case_id)?.critical_actions ?? []).map((a) => a.id);
    this.#optimistic = { saved: before.saved === id ? null : before.saved, undone: id };
    this.#focus = id;
    this.#edit = { id, draft: draftFromScore(last, actionIds), cursor: 'class' };
    try {
      await this.store.deleteScore(last.id);
      this.message = `Undone: item ${this.#order.indexOf(id) + 1} is back to re-rate.`;
    } catch (e) {
      this.#optimistic = before;
      this.#focus = null;
      this.message = `Could not undo: ${(e as Error).message}`;
    } finally {
      this.#busy = false;
    }
  }
}
