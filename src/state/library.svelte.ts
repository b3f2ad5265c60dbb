import { getContext, setContext } from 'svelte';
import { importCaseFiles } from '../core/caseImport';
import { CATEGORIES, type Case, type Category } from '../core/caseSchema';
import type { FileNote, InputFile } from '../core/iatrobenchImport';
import { formatLocated, type LocatedError } from '../core/located';
import { bundledCases, bundledErrors, bundledIds } from '../storage/bundledCases';
import type { Store } from '../storage/store';
import { LiveQuery } from './liveQuery.svelte';

export interface ImportReport {
  ok: boolean;
  message: string;
  errors: LocatedError[];
  details: string[];
  /** File by file: what each was read as, or why it was skipped (empty when the import failed). */
  files: FileNote[];
}

/** The case library as the UI sees it: bundled cases plus the user's own and imported ones. */
export class LibraryState {
  readonly bundledErrors = bundledErrors;
  #stored: LiveQuery<Case[]>;
  category = $state<Category | ''>('');
  expected = $state<'' | 'engage' | 'caution'>('');
  text = $state('');
  lastImport = $state.raw<ImportReport | null>(null);
  /** The last deleted case, kept so the user can undo. */
  deleted = $state.raw<Case | null>(null);

  constructor(readonly store: Store) {
    this.#stored = new LiveQuery(() => store.storedCases());
  }

  get loading() {
    return this.#stored.isLoading;
  }

  /** A stored case shadows a bundled one of the same id (an opened evidence pack stores the cases its responses answer). */
  all = $derived.by(() => {
    const stored = this.#stored.current ?? [];
    const ids = new Set(stored.map((c) => c.id));
    return [...stored, ...bundledCases.filter((c) => !ids.has(c.id))];
  });

  filtered = $derived.by(() => {
    const q = this.text.trim().toLowerCase();
    return this.all.filter(
      (c) =>
        (!this.category || c.category === this.category) &&
        (!this.expected || c.expected_behaviour === this.expected) &&
        (!q || `${c.title} ${c.id}`.toLowerCase().includes(q)),
    );
  });

  /** Categories present in the library, in the canonical order. */
  categories = $derived.by(() => (Object.keys(CATEGORIES) as Category[]).filter((k) => this.all.some((c) => c.category === k)));

  get(id: string): Case | undefined {
    return this.all.find((c) => c.id === id);
  }

  isBundled(id: string) {
    return bundledIds.has(id);
  }

  async importFiles(files: InputFile[]): Promise<ImportReport> {
    const r = importCaseFiles(files, bundledIds);
    const report: ImportReport = r.ok
      ? {
          ok: true,
          message: `Imported ${r.cases.length} case${r.cases.length === 1 ? '' : 's'}.${r.skipped.length ? ` Skipped ${r.skipped.length} file(s) that hold no cases.` : ''}`,
          errors: [],
          details: r.warnings,
          files: r.files,
        }
      : { ok: false, message: `Nothing was imported: ${r.errors.length} problem(s).`, errors: r.errors, details: r.errors.map(formatLocated), files: [] };
    if (r.ok) await this.store.putCases(r.cases);
    this.lastImport = report;
    return report;
  }

  async save(c: Case) {
    await this.store.putCases([c]);
  }

  async remove(id: string) {
    const c = await this.store.deleteCase(id);
    if (c) this.deleted = c;
  }

  async undoRemove() {
    if (!this.deleted) return;
    await this.store.restoreCase(this.deleted);
    this.deleted = null;
  }
}

const KEY = Symbol('library');
export const setLibrary = (s: LibraryState) => setContext(KEY, s);
export const getLibrary = () => getContext<LibraryState>(KEY);
