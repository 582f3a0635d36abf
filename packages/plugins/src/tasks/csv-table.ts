// Turns CSV records into a table of numeric features and raw label cells: header detection, column choice, number checks.
import { errors } from '@ontogeny/core';
import type { CsvRecord } from './csv-parser.js';

/** A column named by its header text, or by its 0-based index (negative counts from the end: −1 is the last). */
export type CsvColumn = string | number;

/** How to read a CSV file into features and labels. */
export interface CsvLayout {
  /** Whether the first record is a header; 'auto' decides from the cells (see `hasHeader`). */
  readonly header: boolean | 'auto';
  readonly label: CsvColumn;
  /** The feature columns; absent: every column but the label. */
  readonly features?: readonly CsvColumn[];
}

/** The numeric features (`count` rows of `width`), the label cells as written, and each row's line in the file. */
export interface CsvTable {
  readonly file: string;
  readonly featureNames: readonly string[];
  readonly labelName: string;
  readonly width: number;
  readonly count: number;
  readonly features: Float32Array;
  readonly labels: readonly string[];
}

/** A cell as a finite number, or null when it is empty or not a number. */
export function numericCell(cell: string): number | null {
  const text = cell.trim();
  if (text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Whether the first record is a header, under 'auto': yes when a column is named rather than numbered, or when
 * some cell of the first record is not a number where the second record's cell is (a string label column,
 * non-numeric in both, says nothing).
 */
export function hasHeader(records: readonly CsvRecord[], layout: CsvLayout): boolean {
  if (layout.header !== 'auto') return layout.header;
  const named = typeof layout.label === 'string' || (layout.features ?? []).some((column) => typeof column === 'string');
  if (named) return true;
  const [first, second] = records;
  if (first === undefined || second === undefined) return false;
  return first.fields.some((cell, c) => numericCell(cell) === null && numericCell(second.fields[c] ?? '') !== null);
}

/**
 * Reads `records` (from `file`) as `layout` says. A non-numeric feature cell, a record of the wrong length or an
 * unknown column is ONT_DATA_CORRUPT naming the file, the line and the column.
 */
export function readCsvTable(records: readonly CsvRecord[], file: string, layout: CsvLayout): CsvTable {
  const header = hasHeader(records, layout);
  const rows = header ? records.slice(1) : records;
  const columns = records[0]?.fields.length ?? 0;
  if (rows.length === 0) throw errors.DATA_CORRUPT(file, `expected at least one record of data${header ? ' after the header' : ''}, found none`);
  const names = header ? records[0]!.fields.map((name) => name.trim()) : Array.from({ length: columns }, (_, c) => `column ${c + 1}`);
  const resolve = (column: CsvColumn, role: string): number => resolveColumn(column, role, names, header, file);
  const labelColumn = resolve(layout.label, 'label');
  const featureColumns = layout.features?.map((column) => resolve(column, 'feature'))
    ?? names.map((_, c) => c).filter((c) => c !== labelColumn);
  if (featureColumns.includes(labelColumn)) {
    throw errors.DATA_CORRUPT(file, `column ${describe(labelColumn, names)} is both the label and a feature — expected them apart`);
  }
  if (featureColumns.length === 0) throw errors.DATA_CORRUPT(file, 'expected at least one feature column besides the label, found none');

  const width = featureColumns.length;
  const features = new Float32Array(rows.length * width);
  const labels: string[] = [];
  rows.forEach((record, r) => {
    if (record.fields.length !== columns) {
      throw errors.DATA_CORRUPT(file, `line ${record.line}: expected ${columns} fields like the first record, found ${record.fields.length}`);
    }
    featureColumns.forEach((c, f) => {
      const value = numericCell(record.fields[c]!);
      if (value === null) {
        throw errors.DATA_CORRUPT(file, `line ${record.line}, column ${describe(c, names)}: expected a number, found ${JSON.stringify(record.fields[c])}`);
      }
      features[r * width + f] = value;
    });
    labels.push(record.fields[labelColumn]!.trim());
  });
  return {
    file, featureNames: featureColumns.map((c) => names[c]!), labelName: names[labelColumn]!,
    width, count: rows.length, features, labels,
  };
}

function resolveColumn(column: CsvColumn, role: string, names: readonly string[], header: boolean, file: string): number {
  if (typeof column === 'string') {
    const index = header ? names.indexOf(column) : -1;
    if (index < 0) {
      const found = header ? `the header has ${names.map((name) => JSON.stringify(name)).join(', ')}` : 'the file has no header';
      throw errors.DATA_CORRUPT(file, `expected a ${role} column named ${JSON.stringify(column)}, but ${found}`);
    }
    return index;
  }
  const index = column < 0 ? names.length + column : column;
  if (index < 0 || index >= names.length) {
    throw errors.DATA_CORRUPT(file, `expected a ${role} column index from ${-names.length} to ${names.length - 1}, found ${column} (the file has ${names.length} columns)`);
  }
  return index;
}

/** A column for a message: its 1-based number and its name when the header gave one. */
function describe(column: number, names: readonly string[]): string {
  const name = names[column]!;
  return name === `column ${column + 1}` ? String(column + 1) : `${column + 1} (${JSON.stringify(name)})`;
}
