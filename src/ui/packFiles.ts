import type { PackState } from '../state/evidencePack.svelte';
import { readFileList } from './readFiles';

/** Opens dropped or chosen files as an evidence pack: exactly one file, read as the other importers read files. */
export async function openPackFiles(pack: PackState, files: readonly File[]): Promise<void> {
  if (files.length !== 1) {
    pack.refused = { file: files.length ? `${files.length} files` : 'no file', problems: ['open one evidence pack file at a time'] };
    return;
  }
  try {
    const [f] = await readFileList([...files]);
    await pack.openFile(f!.path, f!.text);
  } catch (e) {
    pack.refused = { file: files[0]!.name, problems: [(e as Error).message] };
  }
}
