// Splits CSV text into records of fields (RFC 4180: quoted fields may hold delimiters, newlines and doubled quotes).
import { errors } from '@ontogeny/core';

/** One record: its fields, unquoted, and the 1-based line of the file it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses `text`; `file` names it in errors. Blank lines are skipped; an unclosed quote is ONT_DATA_CORRUPT
 * naming the line where the quoted field starts.
 *
 * @example
 * parseCsv('a,"b, c"\n1,2\n', 'x.csv'); // [{ fields: ['a', 'b, c'], line: 1 }, { fields: ['1', '2'], line: 2 }]
 */
export function parseCsv(text: string, file: string, delimiter = ','): CsvRecord[] {
  const separator = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the first field
  // A record that is one empty field is a blank line, not data.
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE && field === '') {
      const quoteLine = line;
      let end = i + 1;
      for (;;) {
        const next = text.indexOf('"', end);
        if (next < 0) throw errors.DATA_CORRUPT(`${file}:${quoteLine}`, 'a quoted field is never closed — expected a closing "');
        field += text.slice(end, next);
        if (text.charCodeAt(next + 1) !== QUOTE) { end = next + 1; break; }
        field += '"';
        end = next + 2;
      }
      for (let k = i; k < end; k++) if (text.charCodeAt(k) === LF) line++;
      i = end;
    } else if (c === separator) {
      fields.push(field);
      field = '';
      i++;
    } else if (c === LF || c === CR) {
      endRecord();
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      let end = i + 1;
      while (end < text.length) {
        const d = text.charCodeAt(end);
        if (d === separator || d === LF || d === CR) break;
        end++;
      }
      field += text.slice(i, end);
      i = end;
    }
  }
  if (fields.length > 0 || field !== '') endRecord();
  return records;
}
