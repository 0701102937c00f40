// The attendance rules, as pure functions: a student's time at a session is the union of their
// intervals (rejoins merged, overlaps counted once) clipped to the scheduled window; they are
// present when that reaches the session's threshold. Identity never comes from a fuzzy name: a
// similar name is only ever a suggestion for a person to confirm.
import { distance } from 'fastest-levenshtein';

export interface Interval {
  start: Date;
  end: Date;
}

export interface AttendanceMeasure {
  minutes: number;
  /** Share of the scheduled length, 0..1. */
  share: number;
}

export function measureAttendance(intervals: Interval[], window: Interval): AttendanceMeasure {
  const windowStart = window.start.getTime();
  const windowEnd = window.end.getTime();
  const clipped = intervals
    .map((interval) => ({
      start: Math.max(interval.start.getTime(), windowStart),
      end: Math.min(interval.end.getTime(), windowEnd),
    }))
    .filter((interval) => interval.end > interval.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let current: { start: number; end: number } | null = null;
  for (const interval of clipped) {
    if (current && interval.start <= current.end) {
      current.end = Math.max(current.end, interval.end);
      continue;
    }
    if (current) total += current.end - current.start;
    current = { ...interval };
  }
  if (current) total += current.end - current.start;
  const length = windowEnd - windowStart;
  return {
    minutes: Math.round((total / 60000) * 10) / 10,
    share: length > 0 ? Math.min(1, total / length) : 0,
  };
}

export const isPresent = (measure: AttendanceMeasure, thresholdPercent: number) =>
  measure.share * 100 >= thresholdPercent - 1e-9;

export const normalizeEmail = (email: string | null | undefined) =>
  email ? email.trim().toLowerCase() || null : null;

/** Lower case, accents removed, single spaces: "  JOSÉ  Niño " and "jose nino" compare equal. */
export const normalizeName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * 0..1: how alike two names are, ignoring accents, case and word order. A name whose words are
 * the other's words or their initials ("Rosa Q." for "Rosa Quispe") scores high too.
 */
export function nameSimilarity(a: string, b: string): number {
  const [wordsA, wordsB] = [normalizeName(a).split(' '), normalizeName(b).split(' ')];
  const [x, y] = [[...wordsA].sort().join(' '), [...wordsB].sort().join(' ')];
  if (!x || !y) return 0;
  const edit = 1 - distance(x, y) / Math.max(x.length, y.length);
  return Math.max(edit, initialsScore(wordsA, wordsB), initialsScore(wordsB, wordsA));
}

function initialsScore(short: string[], long: string[]): number {
  const unused = [...long];
  let whole = 0;
  for (const word of short) {
    const exact = unused.indexOf(word);
    const initial =
      exact >= 0
        ? exact
        : unused.findIndex((candidate) => word.length <= 2 && candidate.startsWith(word));
    if (initial < 0) return 0;
    if (exact >= 0) whole += 1;
    unused.splice(initial, 1);
  }
  return whole === 0 ? 0 : 0.7 + (0.3 * whole) / Math.max(short.length, long.length);
}

export interface Participant {
  /** A stable key for remembered links: Zoom's participant user id, else email, else name. */
  key: string;
  name: string;
  email: string | null;
  registrantId: string | null;
}

export interface Directory {
  /** Students registered for this session, by the registrant id the webinar system gave them. */
  registrants: Map<string, string>;
  /** Earlier decisions of an instructor: a student id, or null for "ignore". */
  links: Map<string, string | null>;
  /** Enrolled students by normalized email. */
  byEmail: Map<string, string>;
  /** Enrolled students' names, for suggestions only. */
  names: Map<string, string>;
}

export type Match =
  | { kind: 'student'; studentId: string; via: 'registrant' | 'link' | 'email' }
  | { kind: 'ignored' }
  | { kind: 'unmatched'; suggestions: string[] };

/** Registrant id, then a remembered link, then the email; otherwise suggestions by name. */
export function matchParticipant(participant: Participant, directory: Directory): Match {
  const registered = participant.registrantId
    ? directory.registrants.get(participant.registrantId)
    : undefined;
  if (registered) return { kind: 'student', studentId: registered, via: 'registrant' };
  if (directory.links.has(participant.key)) {
    const linked = directory.links.get(participant.key);
    return linked ? { kind: 'student', studentId: linked, via: 'link' } : { kind: 'ignored' };
  }
  const email = normalizeEmail(participant.email);
  const byEmail = email ? directory.byEmail.get(email) : undefined;
  if (byEmail) return { kind: 'student', studentId: byEmail, via: 'email' };
  const suggestions = [...directory.names]
    .map(([studentId, name]) => ({ studentId, score: nameSimilarity(participant.name, name) }))
    .filter((candidate) => candidate.score >= 0.6)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((candidate) => candidate.studentId);
  return { kind: 'unmatched', suggestions };
}
