// Reads a CSV file's records (gzip-compressed or not), skipping leading lines, and recognises scikit-learn's first line.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { errors } from '@ontogeny/core';
import { parseCsv, type CsvRecord } from './csv-parser.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** The text of `path`, decompressed when it is gzip (by its first bytes, whatever its name). */
async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw errors.DATA_MISSING(path, 'check the csv task\'s `file`/`testFile` option (a relative path resolves against `--data DIR` when given, else the spec\'s folder)');
    }
    throw cause;
  }
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (cause) {
    throw errors.DATA_CORRUPT(path, `a gzip file that does not decompress: ${(cause as Error).message}`);
  }
}

/**
 * scikit-learn's data files open with "rows,columns,class names…" (e.g. `150,4,setosa,versicolor,virginica`):
 * the description when `records` start that way — the record count matches the rows that follow (with or without a
 * header line after it), the column count is one less than a data record's width, and the rest are names, not
 * numbers — else null.
 */
export function sklearnFirstLine(records: readonly CsvRecord[]): { rows: number; columns: number; classNames: string[] } | null {
  const [first, second] = records;
  if (first === undefined || second === undefined || first.fields.length < 2) return null;
  const [rows, columns] = first.fields.slice(0, 2).map((cell) => (/^\d+$/.test(cell.trim()) ? Number(cell) : NaN));
  const names = first.fields.slice(2).map((name) => name.trim());
  if (names.some((name) => name !== '' && Number.isFinite(Number(name)))) return null;
  const rest = records.length - 1;
  const dataWidth = records[records.length - 1]!.fields.length;
  if (!(rows === rest || rows === rest - 1) || columns !== dataWidth - 1) return null;
  return { rows: rows!, columns: columns!, classNames: names.filter((name) => name !== '') };
}

/**
 * The records of `path` after its first `skip` lines. With `skip` 0, a scikit-learn first line is
 * ONT_DATA_CORRUPT with the options that read the file as meant.
 */
export async function readCsvRecords(path: string, delimiter: string, skip: number): Promise<CsvRecord[]> {
  const records = parseCsv(await readText(path), path, delimiter).filter((record) => record.line > skip);
  if (skip === 0) {
    const sklearn = sklearnFirstLine(records);
    if (sklearn !== null) {
      const names = sklearn.classNames.length > 0 ? `, "classNames": ${JSON.stringify(sklearn.classNames)}` : '';
      throw errors.DATA_CORRUPT(path, `line 1 looks like scikit-learn's "rows,columns,class names" line (${sklearn.rows} rows of ` +
        `${sklearn.columns} features) rather than a header or data — add "skip": 1${names} to the csv task's options`);
    }
  }
  return records;
}
