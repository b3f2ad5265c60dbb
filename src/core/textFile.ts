import { checkFileSize } from './fileLimits';
import type { InputFile } from './iatrobenchImport';
import type { Parsed } from './located';

/**
 * How the page and the CLI turn a file into text, so both accept and refuse the same files.
 * Editors on Windows save case files with a UTF-8 byte-order mark or as UTF-16, and older ones
 * as Latin-1: the first two are read as they are meant; the last is refused with the place it
 * goes wrong, because decoding it as UTF-8 would silently store a replacement character (U+FFFD)
 * wherever the author wrote an accented letter.
 */

/** Names of the files the app parses as text. Others (a .DS_Store, a figure beside the data) are passed on but never refused for their bytes: the importers skip them by name. */
export const TEXT_DATA_FILE = /\.(json|jsonl|ndjson|txt|csv|tsv)$/i;

export type DecodedText = { ok: true; text: string } | { ok: false; message: string };

const SAVE_AS = 'Save it as UTF-8 and try again.';

/** A file's text, from UTF-8 (with or without a byte-order mark) or UTF-16 LE/BE with one. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    try {
      // The decoder drops the byte-order mark itself.
      return { ok: true, text: new TextDecoder(utf16, { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, message: `starts with a UTF-16 ${utf16.endsWith('le') ? 'LE' : 'BE'} byte-order mark but is not valid UTF-16 (cut short?). ${SAVE_AS}` };
    }
  }
  // No text format we read holds a raw NUL; UTF-16 without a byte-order mark is full of them.
  if (bytes.indexOf(0) >= 0) return { ok: false, message: `holds NUL bytes: it is UTF-16 without a byte-order mark, or not a text file. ${SAVE_AS}` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, message: notUtf8(bytes) };
  }
}

/** Where a file stops being UTF-8, with the words around it read as Windows-1252 so the user can find the spot. */
function notUtf8(bytes: Uint8Array): string {
  const at = Math.max(0, firstInvalidUtf8(bytes));
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  const around = new TextDecoder('windows-1252')
    .decode(bytes.subarray(Math.max(0, at - 20), at + 20))
    .replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return `is not UTF-8 text: byte 0x${hex} on line ${line} ("${around}" if the file is Latin-1 / Windows-1252). ${SAVE_AS}`;
}

/** Offset of the first byte that cannot start or continue a UTF-8 sequence; -1 when none (the strict decoder also refuses overlong forms and surrogates). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0) return i;
    for (let k = 1; k <= more; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}

/**
 * Reads one file as the page and the CLI both do: refused over the size limit before its bytes are
 * read, then decoded. `bytes` is called only when the file is small enough.
 */
export async function readTextFile(path: string, size: number, bytes: () => Promise<Uint8Array>): Promise<Parsed<InputFile>> {
  const tooBig = checkFileSize(path, size);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const decoded = decodeText(await bytes());
  if (decoded.ok) return { ok: true, value: { path, text: decoded.text } };
  if (!TEXT_DATA_FILE.test(path)) return { ok: true, value: { path, text: '' } };
  return { ok: false, errors: [{ file: path, path: '$', message: decoded.message }] };
}
