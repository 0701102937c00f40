// CSV as people export it from spreadsheets: a BOM, `,` or `;` between cells, ragged rows, blank
// lines. Rows of trimmed cells; a file that is not CSV fails on `field`, saying why.
import { parse } from 'csv-parse/sync';
import type { MessageKey } from '../i18n';
import { validationFailed } from './errors';

export function readCsvRows(
  text: string | Buffer,
  field: string,
  notCsv: MessageKey,
  limits: { maxRows?: number; maxRowBytes?: number } = {},
): string[][] {
  try {
    return parse(text, {
      bom: true,
      delimiter: [',', ';'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // Parsing stops one row past the caller's limit (so it can say "too many"), and a row of
      // a million empty cells fails instead of being built.
      ...(limits.maxRows ? { to: limits.maxRows + 1 } : {}),
      ...(limits.maxRowBytes ? { max_record_size: limits.maxRowBytes } : {}),
    }) as string[][];
  } catch (error) {
    throw validationFailed({
      [field]: { key: notCsv, values: { reason: (error as Error).message } },
    });
  }
}
