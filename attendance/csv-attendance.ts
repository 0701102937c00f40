// Attendance from a CSV an instructor or admin uploads (an events system's export, Zoom's own CSV,
// a sign-in sheet typed up): one row per person and interval, with a name or email, a join and a
// leave time. Commas or semicolons, a BOM, Zoom's and most systems' column names are accepted.
// Every row is checked before anything is stored: one bad row rejects the file with its line.
import { readCsvRows } from '../platform/csv';
import type { Message } from '../i18n';
import { DateTime } from 'luxon';
import { emailField } from '../platform/validation';
import { validationFailed } from '../platform/errors';
import type { IncomingRow } from './attendance-sync.service';

export const maxCsvRows = 20_000;

// Header names as a key: accents, case, spaces and punctuation dropped ("Correo electrónico del
// usuario" → correoelectronicodelusuario). Zoom's Spanish and Portuguese exports are listed too.
const columnNames = {
  name: [
    'name',
    'nameoriginalname',
    'participant',
    'participantname',
    'fullname',
    'attendeename',
    'attendee',
    'nombre',
    'nombrenombreoriginal',
    'nombrecompleto',
    'participante',
    'asistente',
    'nome',
    'nomenomeoriginal',
    'nomecompleto',
  ],
  email: [
    'email',
    'useremail',
    'emailaddress',
    'attendeeemail',
    'mail',
    'correo',
    'correoelectronico',
    'correoelectronicodelusuario',
    'emaildousuario',
    'emaildoparticipante',
  ],
  join: [
    'join',
    'jointime',
    'joined',
    'entry',
    'entrytime',
    'checkin',
    'start',
    'from',
    'entrada',
    'horadeentrada',
    'horadeingreso',
    'ingreso',
    'horariodeentrada',
  ],
  leave: [
    'leave',
    'leavetime',
    'left',
    'exit',
    'exittime',
    'checkout',
    'end',
    'to',
    'salida',
    'horadesalida',
    'saida',
    'horariodesaida',
    'horadesaida',
  ],
} as const;
type Column = keyof typeof columnNames;

const headerKey = (header: string) =>
  header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

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
  message: Message;
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
      file: {
        key: 'attendance:errors.tooManyRows',
        values: { rows: lineCount - 1, max: maxCsvRows },
      },
    });
  const records = readCsvRows(text, 'file', 'attendance:errors.notCsv');
  const [header, ...body] = records;
  if (!header) throw validationFailed({ file: 'attendance:errors.emptyFile' });
  const positions = {} as Record<Column, number>;
  for (const column of Object.keys(columnNames) as Column[])
    positions[column] = header.findIndex((cell) =>
      (columnNames[column] as readonly string[]).includes(headerKey(cell)),
    );
  if ((positions.name < 0 && positions.email < 0) || positions.join < 0 || positions.leave < 0)
    throw validationFailed({
      file: { key: 'attendance:errors.columns', values: { columns: header.join(', ') } },
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
    if (!name && !email) problems.push({ line, message: 'attendance:errors.noNameNoEmail' });
    else if (email && !emailField.safeParse(email).success)
      problems.push({ line, message: { key: 'attendance:errors.notEmail', values: { email } } });
    else if (!joinAt)
      problems.push({
        line,
        message: { key: 'attendance:errors.badJoin', values: { value: cell('join') } },
      });
    else if (!leaveAt)
      problems.push({
        line,
        message: { key: 'attendance:errors.badLeave', values: { value: cell('leave') } },
      });
    else if (leaveAt < joinAt)
      problems.push({ line, message: 'attendance:errors.leaveBeforeJoin' });
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
