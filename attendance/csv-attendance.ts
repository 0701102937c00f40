// Attendance from a CSV an instructor or admin uploads (an events system's export, Zoom's own CSV,
// a sign-in sheet typed up): one row per person and interval, with a name or email, a join and a
// leave time. Commas or semicolons, a BOM, Zoom's and most systems' column names are accepted.
// Every row is checked before anything is stored: one bad row rejects the file with its line.
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { emailField } from '../accounts/accounts.schemas';
import { validationFailed } from '../server/errors';
import type { IncomingRow } from './attendance-sync.service';

export const maxCsvRows = 20_000;

const columnNames = {
  name: [
    'name',
    'nameoriginalname',
    'participant',
    'participantname',
    'fullname',
    'attendeename',
    'attendee',
  ],
  email: ['email', 'useremail', 'emailaddress', 'attendeeemail', 'mail'],
  join: ['join', 'jointime', 'joined', 'entry', 'entrytime', 'checkin', 'start', 'from'],
  leave: ['leave', 'leavetime', 'left', 'exit', 'exittime', 'checkout', 'end', 'to'],
} as const;
type Column = keyof typeof columnNames;

const headerKey = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');

/** A time as ISO 8601 (an offset wins over `zone`), "2026-11-20 14:05[:00]", or Zoom's US format. */
export function parseCsvTime(value: string, zone: string): Date | null {
  const text = value.trim();
  const candidates = [
    DateTime.fromISO(text, { zone, setZone: false }),
    DateTime.fromSQL(text, { zone }),
    DateTime.fromFormat(text, 'MM/dd/yyyy hh:mm:ss a', { zone }),
    DateTime.fromFormat(text, 'MM/dd/yyyy HH:mm:ss', { zone }),
  ];
  const valid = candidates.find((candidate) => candidate.isValid);
  return valid ? valid.toJSDate() : null;
}

export interface CsvLineProblem {
  line: number;
  message: string;
}

/**
 * Reads the whole file. Structural problems (no usable columns, too many rows, not CSV) are a
 * 422 on the `file` field; row problems come back as a list, and the caller stores nothing.
 */
export function readAttendanceCsv(
  text: string,
  zone: string,
): { rows: IncomingRow[]; problems: CsvLineProblem[] } {
  // Counted before parsing, so a 100,000-row file is refused without building 100,000 records.
  const lineCount = text.split('\n').length;
  if (lineCount > maxCsvRows + 2)
    throw validationFailed({
      file: `The file has about ${lineCount - 1} rows; at most ${maxCsvRows} can be imported at once.`,
    });
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: [',', ';'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw validationFailed({
      file: `This is not a readable CSV file (${(error as Error).message}).`,
    });
  }
  const [header, ...body] = records;
  if (!header) throw validationFailed({ file: 'The file is empty.' });
  const positions = {} as Record<Column, number>;
  for (const column of Object.keys(columnNames) as Column[])
    positions[column] = header.findIndex((cell) =>
      (columnNames[column] as readonly string[]).includes(headerKey(cell)),
    );
  if ((positions.name < 0 && positions.email < 0) || positions.join < 0 || positions.leave < 0)
    throw validationFailed({
      file: `The file needs a name or email column, a join column and a leave column; its columns are: ${header.join(', ')}.`,
    });

  const rows: IncomingRow[] = [];
  const problems: CsvLineProblem[] = [];
  body.forEach((record, index) => {
    const line = index + 2;
    const cell = (column: Column) =>
      positions[column] >= 0 ? (record[positions[column]] ?? '') : '';
    const name = cell('name');
    const email = cell('email');
    const joinAt = parseCsvTime(cell('join'), zone);
    const leaveAt = parseCsvTime(cell('leave'), zone);
    if (!name && !email) problems.push({ line, message: 'no name and no email' });
    else if (email && !emailField.safeParse(email).success)
      problems.push({ line, message: `“${email}” is not an email address` });
    else if (!joinAt)
      problems.push({ line, message: `join “${cell('join')}” is not a date and time` });
    else if (!leaveAt)
      problems.push({ line, message: `leave “${cell('leave')}” is not a date and time` });
    else if (leaveAt < joinAt) problems.push({ line, message: 'leave is before join' });
    else
      rows.push({
        raw: Object.fromEntries(header.map((column, i) => [column, record[i] ?? ''])),
        name,
        email: email || null,
        registrantId: null,
        sourceUserId: null,
        joinAt,
        leaveAt,
        waitingRoom: false,
      });
  });
  return { rows, problems };
}
