import type { LocatedError, Parsed } from '../located';

/**
 * A small RFC 4180 reader: no CSV library is installed, and a labelled set is a plain table.
 * Fields are separated by commas and records by CRLF (a bare LF or CR is accepted too); a field
 * in double quotes may hold commas, line breaks and `""` for a quote. A leading byte-order mark
 * is dropped, and blank lines between records are skipped.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted field may run over several lines). */
  line: number;
  cells: string[];
}

/** A record's cells by header name; `line` points back into the file. */
export interface CsvRow {
  line: number;
  get(column: string): string | undefined;
}

const QUOTE = '"';
const SPECIAL = /[",\r\n]/g;

/** Splits `text` into records. A stray or unclosed quote fails with the line it is on. */
export function parseCsvRecords(file: string, text: string): Parsed<CsvRecord[]> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const fail = (line: number, message: string): Parsed<CsvRecord[]> => ({ ok: false, errors: [{ file, path: `line ${line}`, message }] });
  let cells: string[] = [];
  let field = '';
  /** The field being read was in quotes: `""` alone is still a field, so its line is not blank. */
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    const blank = cells.length === 0 && field === '' && !quoted;
    cells.push(field);
    if (!blank) records.push({ line: start, cells });
    cells = [];
    field = '';
    quoted = false;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === QUOTE) {
      if (field !== '' || quoted) return fail(line, 'a quote inside an unquoted field; put the whole field in quotes and double the quote ("")');
      const opened = line;
      const close = readQuoted(src, i + 1);
      if (!close) return fail(opened, 'a quoted field is never closed');
      field = close.value;
      line += close.lineBreaks;
      quoted = true;
      i = close.end;
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') return fail(line, 'text after a closing quote; a field is either quoted whole or not at all');
    } else if (c === ',') {
      cells.push(field);
      field = '';
      quoted = false;
      i++;
    } else if (c === '\n' || c === '\r') {
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      endRecord();
      start = ++line;
    } else {
      // Plain text runs to the next delimiter or quote: taken in one slice, not a character at a time.
      SPECIAL.lastIndex = i;
      const stop = SPECIAL.exec(src)?.index ?? src.length;
      field += src.slice(i, stop);
      i = stop;
    }
  }
  if (field !== '' || quoted || cells.length) endRecord();
  return { ok: true, value: records };
}

/** The quoted field whose text starts at `from` (after the opening quote); null when it never closes. */
function readQuoted(src: string, from: number): { value: string; end: number; lineBreaks: number } | null {
  let value = '';
  let i = from;
  for (;;) {
    const q = src.indexOf(QUOTE, i);
    if (q < 0) return null;
    value += src.slice(i, q);
    if (src[q + 1] !== QUOTE) return { value, end: q + 1, lineBreaks: lineBreaksIn(value) };
    value += QUOTE;
    i = q + 2;
  }
}

/** Line breaks as the record reader counts them: CRLF, LF or a lone CR each end one line. */
function lineBreaksIn(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * Records as rows keyed by the header (the first record, names trimmed and compared in lower
 * case). Every row must have as many fields as the header.
 */
export function parseCsvTable(file: string, text: string): Parsed<{ columns: string[]; rows: CsvRow[] }> {
  const parsed = parseCsvRecords(file, text);
  if (!parsed.ok) return parsed;
  const [head, ...body] = parsed.value;
  if (!head) return { ok: false, errors: [{ file, path: '$', message: 'the file is empty: expected a header row and at least one row' }] };
  const columns = head.cells.map((c) => c.trim().toLowerCase());
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c)) index.set(c, i);
  });
  const errors: LocatedError[] = [];
  const rows: CsvRow[] = [];
  for (const r of body) {
    if (r.cells.length !== columns.length) {
      errors.push({ file, path: `line ${r.line}`, message: `${r.cells.length} fields, but the header has ${columns.length}` });
      continue;
    }
    rows.push({ line: r.line, get: (column) => (index.has(column) ? r.cells[index.get(column)!] : undefined) });
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: { columns, rows } };
}
