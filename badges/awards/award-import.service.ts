// Bulk issuance: an admin imports a CSV of (email, achievement, date, evidence note), e.g. a
// tutorial's attendees. The preview says what will happen to each line, with every problem named;
// applying stores the import and a job goes through it, line by line, with progress. Idempotent per
// (achievement, email): the grant's unique index and the award's current slot mean a CSV applied
// twice, or a retried job, never issues a second award.
import { z } from 'zod';
import { findUserProfiles, findUsersByEmails } from '../../accounts';
import type { MessageKey } from '../../i18n';
import { recordAudit } from '../../platform/audit/audit.service';
import { readCsvRows } from '../../platform/csv';
import { notFound, validationFailed } from '../../platform/errors';
import type { JobQueues } from '../../platform/queue';
import { emailField } from '../../platform/validation';
import { AchievementModel } from '../achievements/achievement.model';
import { AwardGrantModel } from './award-grant.model';
import { AwardImportModel, type importLineOutcomes } from './award-import.model';
import { awardImportJob } from './award-import.job';
import { AwardModel } from './award.model';

export const maxImportLines = 2000;
const maxNoteLength = 500;

export const awardImportInput = z.object({
  csv: z
    .string({ error: 'badges:import.pasteCsv' })
    .trim()
    .min(3, 'badges:import.pasteCsv')
    .max(1_000_000, 'errors:validation.csvTooLarge'),
});

export type LineProblem =
  'email' | 'achievement' | 'date' | 'future' | 'note' | 'duplicate' | 'disabled';
/** What applying will do with a line without problems. */
export type LinePlan = 'issue' | 'hold-unconfirmed' | 'hold-no-account' | 'already-held';

export interface PreviewLine {
  line: number;
  email: string;
  achievement: string;
  /** yyyy-mm-dd, as read (empty: the day it is applied). */
  date: string;
  note: string;
  problems: LineProblem[];
  plan: LinePlan | null;
  /** The account's name, when there is one. */
  holderName: string | null;
}

export interface ImportPreview {
  lines: PreviewLine[];
  counts: Record<LinePlan | 'problems', number>;
}

const columns = {
  email: ['email', 'e-mail', 'correo', 'correo electrónico'],
  achievement: ['achievement', 'badge', 'insignia', 'insígnia'],
  date: ['date', 'fecha', 'data'],
  note: ['evidence note', 'evidence', 'note', 'nota', 'evidencia', 'evidência'],
};

/** The lines of the CSV: a header row naming its columns, or email, achievement, date, note. */
function readImportRows(csv: string) {
  const rows = readCsvRows(csv, 'csv', 'badges:import.notCsv', {
    maxRows: maxImportLines + 1,
    maxRowBytes: 4096,
  });
  const header = rows[0]?.map((cell) => cell.toLowerCase());
  const hasHeader = Boolean(header?.some((cell) => columns.email.includes(cell)));
  const at = (names: string[], fallback: number) => {
    const index = hasHeader ? header!.findIndex((cell) => names.includes(cell)) : fallback;
    return index;
  };
  const index = {
    email: at(columns.email, 0),
    achievement: at(columns.achievement, 1),
    date: at(columns.date, 2),
    note: at(columns.note, 3),
  };
  const body = hasHeader ? rows.slice(1) : rows;
  if (body.length === 0) throw validationFailed({ csv: 'badges:import.pasteCsv' });
  if (body.length > maxImportLines)
    throw validationFailed({
      csv: { key: 'badges:import.tooManyLines', values: { max: maxImportLines } },
    });
  const cell = (row: string[], position: number) => (position >= 0 ? (row[position] ?? '') : '');
  return body.map((row, offset) => ({
    line: offset + (hasHeader ? 2 : 1),
    email: cell(row, index.email),
    achievement: cell(row, index.achievement),
    date: cell(row, index.date),
    note: cell(row, index.note),
  }));
}

/** yyyy-mm-dd (or empty: today); a date that does not exist is not one. */
function readDate(text: string, now: Date): Date | 'date' | 'future' {
  if (!text) return now;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'date';
  const date = new Date(`${text}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) return 'date';
  if (date.getUTCFullYear() < 2000) return 'date';
  if (date.getTime() > now.getTime()) return 'future';
  return date;
}

/** What applying the CSV would do, line by line; nothing is written. */
export async function previewAwardImport(csv: string, now = new Date()): Promise<ImportPreview> {
  const rows = readImportRows(csv);
  const slugs = [...new Set(rows.map((row) => row.achievement).filter(Boolean))];
  const achievements = await AchievementModel.find({ slug: { $in: slugs } })
    .select('slug')
    .lean();
  const achievementBySlug = new Map(achievements.map((a) => [a.slug, a]));
  const seen = new Set<string>();
  const checked = rows.map((row) => {
    const problems: LineProblem[] = [];
    const email = emailField.safeParse(row.email);
    if (!email.success) problems.push('email');
    const achievement = achievementBySlug.get(row.achievement);
    if (!achievement) problems.push('achievement');
    const date = readDate(row.date, now);
    if (typeof date === 'string') problems.push(date);
    if (row.note.length > maxNoteLength) problems.push('note');
    const pair = `${row.achievement}|${email.success ? email.data : row.email}`;
    if (problems.length === 0 && seen.has(pair)) problems.push('duplicate');
    seen.add(pair);
    return { ...row, email: email.success ? email.data : row.email, achievement, problems };
  });

  const emails = [...new Set(checked.filter((row) => !row.problems.length).map((r) => r.email))];
  const users = await findUsersByEmails(emails);
  const profiles = await findUserProfiles(users.map((user) => user._id));
  const profileByEmail = new Map([...profiles.values()].map((p) => [p.email, p]));
  const achievementIds = achievements.map((a) => a._id);
  const [currentAwards, grants] = await Promise.all([
    AwardModel.find({
      student: { $in: users.map((user) => user._id) },
      achievement: { $in: achievementIds },
      currentSlot: 'current',
    })
      .select('student achievement')
      .lean(),
    AwardGrantModel.find({ email: { $in: emails }, achievement: { $in: achievementIds } })
      .select('email achievement')
      .lean(),
  ]);
  const held = new Set([
    ...currentAwards.map((a) => `${String(a.student)}|${String(a.achievement)}`),
    ...grants.map((g) => `${g.email}|${String(g.achievement)}`),
  ]);

  const lines: PreviewLine[] = checked.map((row) => {
    const profile = profileByEmail.get(row.email);
    // A disabled account is issued nothing (its owner may not even see it): said, and skipped.
    const problems: LineProblem[] =
      profile?.disabled && !row.problems.length ? ['disabled'] : row.problems;
    const plan = (): LinePlan => {
      const achievementId = String(row.achievement!._id);
      if (held.has(`${row.email}|${achievementId}`)) return 'already-held';
      if (profile && held.has(`${profile.id}|${achievementId}`)) return 'already-held';
      if (!profile) return 'hold-no-account';
      return profile.emailConfirmedAt ? 'issue' : 'hold-unconfirmed';
    };
    return {
      line: row.line,
      email: row.email,
      achievement: row.achievement?.slug ?? rows.find((r) => r.line === row.line)!.achievement,
      date: row.date,
      note: row.note,
      problems,
      plan: problems.length ? null : plan(),
      holderName: profile?.displayName ?? null,
    };
  });
  const counts = {
    issue: 0,
    'hold-unconfirmed': 0,
    'hold-no-account': 0,
    'already-held': 0,
    problems: 0,
  };
  for (const line of lines) counts[line.plan ?? 'problems'] += 1;
  return { lines, counts };
}

/** The message key naming a line's problem (the page and the API word it). */
export const problemKey = (problem: LineProblem): MessageKey =>
  `badges:import.problems.${problem}` as MessageKey;

/**
 * Applies the CSV: the import is stored (the lines with a problem marked skipped) and its job
 * queued. Answers the import's id; its page shows the progress.
 */
export async function startAwardImport(
  context: { jobs: JobQueues },
  actorId: string,
  csv: string,
  now = new Date(),
): Promise<string> {
  const preview = await previewAwardImport(csv, now);
  if (preview.lines.every((line) => line.problems.length))
    throw validationFailed({ csv: 'badges:import.nothingToApply' });
  const stored = await AwardImportModel.create({
    createdBy: actorId,
    createdAt: now,
    status: 'queued',
    total: preview.lines.length,
    processed: 0,
    lines: preview.lines.map((line) => {
      const date = readDate(line.date, now);
      return {
        line: line.line,
        email: line.email,
        achievement: line.achievement,
        ...(date instanceof Date ? { awardedOn: date } : {}),
        ...(line.note ? { evidenceNote: line.note } : {}),
        problems: line.problems,
        outcome: line.problems.length ? 'skipped' : 'pending',
      };
    }),
  });
  await recordAudit({
    actor: actorId,
    action: 'awards.imported',
    details: { importId: String(stored._id), lines: preview.lines.length, counts: preview.counts },
  });
  await context.jobs.enqueue(
    awardImportJob,
    { importId: String(stored._id) },
    `award-import:${String(stored._id)}`,
  );
  return String(stored._id);
}

type LineOutcome = (typeof importLineOutcomes)[number];

/** An import as its page and the API show it. */
export async function findAwardImport(importId: string) {
  const run = /^[0-9a-f]{24}$/.test(importId)
    ? await AwardImportModel.findById(importId).lean()
    : null;
  if (!run) throw notFound('awardImport');
  const counts: Record<LineOutcome, number> = {
    pending: 0,
    issued: 0,
    held: 0,
    'already-held': 0,
    skipped: 0,
  };
  for (const line of run.lines) counts[line.outcome as LineOutcome] += 1;
  return {
    id: String(run._id),
    status: run.status,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    total: run.total,
    processed: run.processed,
    counts,
    lines: run.lines.map((line) => ({
      line: line.line,
      email: line.email,
      achievement: line.achievement,
      outcome: line.outcome as LineOutcome,
      problems: line.problems as LineProblem[],
      awardPublicId: line.awardPublicId ?? null,
    })),
  };
}

/** The latest imports, for the import page. */
export async function listAwardImports(limit = 10) {
  const runs = await AwardImportModel.find()
    .select('status createdAt total processed')
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean();
  return runs.map((run) => ({
    id: String(run._id),
    status: run.status,
    createdAt: run.createdAt,
    total: run.total,
    processed: run.processed,
  }));
}
