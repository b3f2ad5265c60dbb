import type { LocatedError } from './located';

/** The most one file may hold, so that a stray huge file cannot freeze the tab that reads it. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Null when a file of `bytes` may be read whole; otherwise why not, naming the file. */
export function checkFileSize(path: string, bytes: number): LocatedError | null {
  if (bytes <= MAX_FILE_BYTES) return null;
  return { file: path, path: '$', message: `file is ${(bytes / 1e6).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB` };
}
