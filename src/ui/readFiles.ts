import type { InputFile } from '../core/iatrobenchImport';
import { formatLocated } from '../core/located';
import { readTextFile } from '../core/textFile';

/** The CLI reads files through the same readTextFile, so both refuse the same files with the same words. */
async function toInput(file: File, path: string): Promise<InputFile> {
  const r = await readTextFile(path, file.size, async () => new Uint8Array(await file.arrayBuffer()));
  if (!r.ok) throw new Error(r.errors.map(formatLocated).join('\n'));
  return r.value;
}

/** Files from a file input; folders picked with webkitdirectory keep their relative paths. */
export function readFileList(list: FileList | File[]): Promise<InputFile[]> {
  return Promise.all([...list].map((f) => toInput(f, f.webkitRelativePath || f.name)));
}

/** Files and whole folders dropped on the page, walked recursively. */
export async function readDataTransfer(dt: DataTransfer): Promise<InputFile[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return readFileList(dt.files);
  const out: InputFile[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    const path = entry.fullPath.replace(/^\//, '');
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push(await toInput(file, path));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns batches (about 100 at a time in Chromium) until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

export function download(name: string, text: string, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
