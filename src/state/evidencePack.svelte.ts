import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { buildPack, packViewerHtml, rescoreLocal, serializePack, viewerData, type EvidencePack, type RescoreReport } from '../core/pack';
import { checkPackFile, runRowsOfPack } from '../core/pack/openPack';
import { plural } from '../core/plural';
import type { PackShelf } from '../storage/packShelf';
import type { Store } from '../storage/store';
import type { EndpointsState } from './endpoints.svelte';

/** Bootstrap resamples for the viewer page's confidence intervals, as `cli pack --html` uses by default. */
const VIEWER_RESAMPLES = 5000;

/** A pack open in the app: its file name, content hash and content. */
export interface OpenedPack {
  file: string;
  content_hash: string;
  pack: EvidencePack;
}

/** The viewer page of a pack: the self-contained HTML that opens from disk. */
export async function viewerPageOf(pack: EvidencePack): Promise<string> {
  return packViewerHtml(pack, viewerData(pack, VIEWER_RESAMPLES));
}

/**
 * The evidence pack opened in the app, if any. Its runs are shown read-only from a database of
 * their own (storage/packShelf.ts); a file is opened only when every hash checks, and a refused
 * file leaves everything as it was.
 */
export class PackState {
  opened = $state.raw<OpenedPack | null>(null);
  loading = $state(true);
  busy = $state(false);
  /** Why the last file was not opened, one problem a line. */
  refused = $state.raw<{ file: string; problems: string[] } | null>(null);
  /** The last "Rescore with the local scorer" of the opened pack. */
  rescore = $state.raw<RescoreReport | null>(null);

  constructor(readonly shelf: PackShelf) {
    void this.#reopen();
  }

  get readOnly(): boolean {
    return this.opened !== null;
  }

  /** A pack left open by a reload is checked again before it is shown. */
  async #reopen() {
    try {
      const f = await this.shelf.opened();
      if (!f) return;
      const c = await checkPackFile(f.file, f.text);
      if (c.ok) this.opened = { file: f.file, content_hash: c.read.pack.hashes.content, pack: c.read.pack };
      else {
        await this.shelf.close();
        this.refused = { file: f.file, problems: c.problems };
      }
    } finally {
      this.loading = false;
    }
  }

  /** Opens a pack file read-only, or refuses it, naming each problem; a refused file stores nothing. */
  async openFile(file: string, text: string): Promise<boolean> {
    this.busy = true;
    this.refused = null;
    try {
      const c = await checkPackFile(file, text);
      if (!c.ok) {
        this.refused = { file, problems: c.problems };
        return false;
      }
      const { pack } = c.read;
      await this.shelf.put({ file, text, opened_at: new Date().toISOString() }, { cases: pack.cases, runs: runRowsOfPack(pack, file), pack });
      this.rescore = null;
      this.opened = { file, content_hash: pack.hashes.content, pack };
      return true;
    } catch (e) {
      this.refused = { file, problems: [(e as Error).message] };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Back to the user's own workspace; the pack's database is deleted. */
  async close() {
    this.opened = null;
    this.rescore = null;
    await this.shelf.close();
  }

  /** Rescores the pack's local-scorer verdicts with this tool's local scorer and compares, as `cli verify` does. */
  rescoreLocal() {
    if (this.opened) this.rescore = rescoreLocal(this.opened.pack);
  }

  async viewerPage(): Promise<string> {
    if (!this.opened) throw new Error('no evidence pack is open');
    return viewerPageOf(this.opened.pack);
  }
}

/** One line on a rescoring report, worded as `cli verify` words it. */
export function rescoreSummary(r: RescoreReport): { ok: boolean; text: string } {
  if (r.checked === 0) return { ok: true, text: 'The pack holds no local scores, so there is nothing to reproduce.' };
  const versions = r.packed_versions.map((v) => `${v.version} (${v.n})`).join(', ');
  if (r.other_version) {
    return {
      ok: true,
      text: `Not checked: the packed local scores come from local scorer version ${versions}; this tool's is ${r.current_version}, so its verdicts may differ (${r.mismatches.length} of ${r.checked} do).`,
    };
  }
  if (r.mismatches.length) return { ok: false, text: `${r.mismatches.length} of ${plural(r.checked, 'local score')} are not reproduced by local scorer version ${r.current_version}.` };
  return { ok: true, text: `All ${plural(r.checked, 'local score')} reproduced by local scorer version ${r.current_version}.` };
}

/** Writes evidence packs of the user's own runs, the same file `cli pack` writes. */
export class PackExport {
  constructor(
    readonly store: Store,
    readonly cases: () => Case[],
    readonly endpoints: EndpointsState,
  ) {}

  /** Every API key this tab knows: the pack is refused if any appears in it. */
  #secrets(): string[] {
    return this.endpoints.list.map((e) => this.endpoints.keys.get(e.id)).filter((k): k is string => !!k);
  }

  /** The pack of one run (runId) or of every run (null): its cases, responses and every verdict on them. */
  async pack(runId: string | null): Promise<EvidencePack> {
    const responses = await this.store.responsesIn(runId);
    if (!responses.length) throw new Error('this selection has no responses to pack');
    const scores = await this.store.scoresOfResponses(responses.map((r) => r.id));
    const used = new Set(responses.map((r) => r.case_id));
    // A stored case comes before a bundled one of the same id in the library: the first is the one in use.
    const byId = new Map<string, Case>();
    for (const c of this.cases()) if (used.has(c.id) && !byId.has(c.id)) byId.set(c.id, c);
    const cases = [...byId.values()];
    const missing = [...used].filter((id) => !byId.has(id));
    if (missing.length) throw new Error(`the library no longer holds case(s) ${missing.join(', ')}; import them again to pack their responses`);
    return buildPack({ cases, responses, scores, created_at: new Date().toISOString(), secrets: this.#secrets() });
  }

  async packText(runId: string | null): Promise<string> {
    return serializePack(await this.pack(runId));
  }

  async viewerPage(runId: string | null): Promise<string> {
    return viewerPageOf(await this.pack(runId));
  }
}

const KEY = Symbol('evidence-pack');
export const setPack = (s: PackState) => setContext(KEY, s);
export const getPack = () => getContext<PackState>(KEY);
const EXPORT_KEY = Symbol('evidence-pack-export');
export const setPackExport = (s: PackExport) => setContext(EXPORT_KEY, s);
export const getPackExport = () => getContext<PackExport>(EXPORT_KEY);
