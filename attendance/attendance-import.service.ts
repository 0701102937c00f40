// Importing attendance from a CSV: a preview shows, person by person, who each row will credit
// (or that nobody matches) before anything is stored; applying stores the rows as a source like
// Zoom's (once each: the same file imported twice adds nothing) and recomputes the session.
import { createHash } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.service';
import type { Actor } from '../courses';
import { AppError } from '../platform/errors';
import { isPresent, matchParticipant, measureAttendance } from './attendance-rules';
import {
  loadDirectory,
  markSynced,
  participantKeyOf,
  recomputeSessionAttendance,
  storeRows,
  type AttendanceContext,
  type IncomingRow,
  type RecomputeSummary,
} from './attendance-sync.service';
import { readAttendanceCsv } from './csv-attendance';
import { findEditableLiveSession, type LiveSession } from './live-session';

export interface ImportPreview {
  session: { id: string; title: string; courseSlug: string; thresholdPercent: number };
  rows: number;
  people: Array<{
    name: string;
    email: string | null;
    minutes: number;
    present: boolean;
    credits: string | null;
    how: 'registrant' | 'link' | 'email' | 'ignored' | 'unmatched';
  }>;
}

function readOrRefuse(csv: string, zone: string, session: LiveSession) {
  const { rows, problems } = readAttendanceCsv(csv, zone, session.window.start);
  if (problems.length)
    throw new AppError(
      'validation_failed',
      422,
      { key: 'attendance:errors.rowProblems', values: { count: problems.length } },
      {
        fields: {
          // The first ten, each with its line ("line 3: leave is before join"), joined by "; ".
          file: {
            key: 'attendance:errors.problemList',
            values: {
              problems: problems.slice(0, 10).map((problem) => ({
                key: 'attendance:errors.lineProblem',
                values: { line: problem.line, problem: problem.message },
              })),
            },
          },
        },
      },
    );
  return rows;
}

export async function previewAttendanceImport(
  actor: Actor,
  slug: string,
  moduleId: string,
  csv: string,
  zone: string,
): Promise<ImportPreview> {
  const { session } = await findEditableLiveSession(actor, slug, moduleId);
  const rows = readOrRefuse(csv, zone, session);
  const directory = await loadDirectory(session);
  const byPerson = new Map<string, IncomingRow[]>();
  for (const row of rows) {
    const key = participantKeyOf('csv', row);
    byPerson.set(key, [...(byPerson.get(key) ?? []), row]);
  }
  const people = [...byPerson].map(([key, personRows]) => {
    const first = personRows[0]!;
    const match = matchParticipant(
      { key, name: first.name, email: first.email, registrantId: null },
      directory,
    );
    const measure = measureAttendance(
      personRows.map((row) => ({ start: row.joinAt, end: row.leaveAt })),
      session.window,
    );
    return {
      name: first.name,
      email: first.email,
      minutes: measure.minutes,
      present: isPresent(measure, session.thresholdPercent),
      credits: match.kind === 'student' ? (directory.names.get(match.studentId) ?? null) : null,
      how: match.kind === 'student' ? match.via : match.kind,
    };
  });
  return {
    session: {
      id: String(session.moduleId),
      title: session.title,
      courseSlug: slug,
      thresholdPercent: session.thresholdPercent,
    },
    rows: rows.length,
    people: people.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export async function applyAttendanceImport(
  context: AttendanceContext,
  actor: Actor,
  slug: string,
  moduleId: string,
  csv: string,
  zone: string,
): Promise<RecomputeSummary & { stored: number }> {
  const { course, session } = await findEditableLiveSession(actor, slug, moduleId);
  const rows = readOrRefuse(csv, zone, session);
  const fileId = createHash('sha256').update(csv).digest('hex').slice(0, 24);
  const stored = await storeRows(session, 'csv', `csv:${fileId}`, rows);
  const summary = await recomputeSessionAttendance(context, session);
  await markSynced(session, summary);
  await recordAudit({
    actor: actor.id,
    action: 'attendance.imported',
    course: course._id,
    details: { session: session.title, moduleId, rows: rows.length, stored, file: fileId },
  });
  return { ...summary, stored };
}
