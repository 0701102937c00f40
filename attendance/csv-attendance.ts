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

/** Join and leave columns named in Spanish or Portuguese: such an export writes the day first. */
const joinAndLeaveInSpanishOrPortuguese = {
  join: ['entrada', 'horadeentrada', 'horadeingreso', 'ingreso', 'horariodeentrada'],
  leave: ['salida', 'horadesalida', 'saida', 'horariodesaida', 'horadesaida'],
} as const;

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
    ...joinAndLeaveInSpanishOrPortuguese.join,
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
    ...joinAndLeaveInSpanishOrPortuguese.leave,
  ],
} as const;
type Column = keyof typeof columnNames;

const spanishOrPortugueseTimeColumns = new Set<string>([
  ...joinAndLeaveInSpanishOrPortuguese.join,
  ...joinAndLeaveInSpanishOrPortuguese.leave,
]);

const headerKey = (header: string) =>
  header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** How a file writes slashed dates: 11/05/2026 is 5 November (month first) or 11 May. */
export type SlashDateOrder = 'month-first' | 'day-first';

const slashFormats: Record<SlashDateOrder, string[]> = {
  'month-first': ['MM/dd/yyyy hh:mm:ss a', 'MM/dd/yyyy HH:mm:ss', 'MM/dd/yyyy HH:mm'],
  'day-first': ['dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy HH:mm', 'dd/MM/yyyy hh:mm:ss a'],
};

/**
 * A time as ISO 8601 (an offset wins over `zone`), "2026-11-20 14:05[:00]", or slashed as the
 * file writes them (Zoom's English export: month first; its Spanish and Portuguese: day first).
 */
export function parseCsvTime(
  value: string,
  zone: string,
  order: SlashDateOrder = 'month-first',
): Date | null {
  const text = value.trim();
  const candidates = [
    DateTime.fromISO(text, { zone, setZone: false }),
    DateTime.fromSQL(text, { zone }),
    ...slashFormats[order].map((format) => DateTime.fromFormat(text, format, { zone })),
  ];
  const valid = candidates.find((candidate) => candidate.isValid);
  return valid ? valid.toJSDate() : null;
}

const slashedDate = /^\s*(\d{1,2})\/(\d{1,2})\/\d{4}/;

/**
 * The file's own order. First from its dates where one cannot be read both ways (25/11 is day
 * first, 11/25 month first); then, when the session's date is known, from whichever reading puts
 * the file's first date nearer to it (a session on 5 November makes 05/11 day first, whatever
 * the export's language); then from its language: Spanish or Portuguese column names are a
 * Spanish or Portuguese export, which writes the day first. Month first otherwise (Zoom's US).
 */
export function slashDateOrderOf(
  times: readonly string[],
  hints: { headersInSpanishOrPortuguese: boolean; sessionStart?: Date; zone: string },
): SlashDateOrder {
  let dayFirst = false;
  let monthFirst = false;
  let first: string | undefined;
  for (const time of times) {
    const match = slashedDate.exec(time);
    if (!match) continue;
    first ??= time;
    if (Number(match[1]) > 12) dayFirst = true;
    if (Number(match[2]) > 12) monthFirst = true;
  }
  // Both at once: the rows disagree; month first reads the US ones and names the others' lines.
  if (dayFirst !== monthFirst) return dayFirst ? 'day-first' : 'month-first';
  if (first && !monthFirst && hints.sessionStart) {
    const distance = (order: SlashDateOrder) => {
      const read = parseCsvTime(first, hints.zone, order);
      return read ? Math.abs(read.getTime() - hints.sessionStart!.getTime()) : Infinity;
    };
    const [asDayFirst, asMonthFirst] = [distance('day-first'), distance('month-first')];
    if (asDayFirst !== asMonthFirst) return asDayFirst < asMonthFirst ? 'day-first' : 'month-first';
  }
  return hints.headersInSpanishOrPortuguese && !monthFirst ? 'day-first' : 'month-first';
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
  /** When the session started: tells apart 05/11 as 5 November or 11 May. */
  sessionStart?: Date,
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

  const timesOf = (column: Column) => body.map((record) => record[positions[column]] ?? '');
  const order = slashDateOrderOf([...timesOf('join'), ...timesOf('leave')], {
    headersInSpanishOrPortuguese: [header[positions.join]!, header[positions.leave]!].some((cell) =>
      spanishOrPortugueseTimeColumns.has(headerKey(cell)),
    ),
    sessionStart,
    zone,
  });
  const rows: IncomingRow[] = [];
  const problems: CsvLineProblem[] = [];
  body.forEach((record, index) => {
    const line = index + 2;
    const cell = (column: Column) =>
      positions[column] >= 0 ? (record[positions[column]] ?? '') : '';
    const name = cell('name');
    const email = cell('email');
    const joinAt = parseCsvTime(cell('join'), zone, order);
    const leaveAt = parseCsvTime(cell('leave'), zone, order);
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
