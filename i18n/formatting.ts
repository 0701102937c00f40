// Dates and numbers as each language writes them (Intl), with formatters built once per language:
// constructing an Intl formatter costs far more than using one.
import { LRUCache } from 'lru-cache';
import type { Language } from './languages';

/** The regional variant each language is written in across the campus's region. */
export const localeOf: Record<Language, string> = { en: 'en-GB', es: 'es-419', pt: 'pt-BR' };

export interface Formatters {
  /** 24 November 2026 */
  date(value: Date | string | number): string;
  /** 24 November 2026, 14:30 UTC; in the reader's zone, named: 24 de noviembre de 2026, 11:30 (GMT-3) */
  dateTime(value: Date | string | number): string;
  /** The zone dateTime speaks in (IANA, e.g. America/Argentina/Buenos_Aires; UTC when unknown). */
  timeZone: string;
  /** Nov 2026 */
  month(value: Date | string | number): string;
  /** Nov, for a chart's axis */
  monthName(value: Date | string | number): string;
  number(value: number, fractionDigits?: number): string;
  /** 0.49 → 49% */
  percent(ratio: number): string;
  /** ['Spanish', 'English'] → "Spanish and English" ("espanhol e inglês") */
  list(items: string[]): string;
  /** Set on a page's own formatters when dateTime spoke in UTC because no zone was known yet. */
  timesShownInUtcForWantOfZone?: boolean;
}

/**
 * The zone a browser or a profile names, as Intl spells it, or null when Intl knows no such zone.
 * Any IANA name is accepted, aliases and any letter case included (Firefox says
 * America/Argentina/Buenos_Aires where Chrome says America/Buenos_Aires), and comes back in one
 * spelling: the caches below are keyed on it, so "aMERICA/lima" from a cookie cannot grow them
 * (the security review's finding: 2^n spellings of a name each held a set of formatters). The
 * shape check first keeps arbitrary cookie text out of Intl.
 */
const canonicalZones = new LRUCache<string, string | false>({ max: 2000 });
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return null;
  let canonical = canonicalZones.get(value);
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      canonical = false;
    }
    canonicalZones.set(value, canonical);
  }
  return canonical || null;
}

export const isTimeZone = (value: unknown): value is string => canonicalTimeZone(value) !== null;

function buildFormatters(language: Language, timeZone: string): Formatters {
  const locale = localeOf[language];
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    // Session times in Spanish and Portuguese read as 15:00 (as the region's schedules write them),
    // not "a las 3:00 p.m."; English keeps its 12-hour clock.
    ...(language === 'en' ? {} : { hourCycle: 'h23' as const }),
    timeZone,
  });
  // The zone's short name at that moment (GMT-3, or the summer/winter name where it has one).
  const zoneName = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
  const zoneOf = (value: Date) =>
    zoneName.formatToParts(value).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  const month = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  return {
    date: (value) => date.format(new Date(value)),
    // Times in the reader's zone (their profile's, else their browser's), always named: the
    // campus's students span five time zones. Without either, UTC, said so.
    dateTime: (value) =>
      timeZone === 'UTC'
        ? `${dateTime.format(new Date(value))} UTC`
        : `${dateTime.format(new Date(value))} (${zoneOf(new Date(value))})`,
    timeZone,
    month: (value) => month.format(new Date(value)),
    monthName: (value) => monthName.format(new Date(value)),
    number: (value, fractionDigits = 0) => {
      if (fractionDigits === 0) return integer.format(value);
      let formatter = decimals.get(fractionDigits);
      if (!formatter) {
        formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits });
        decimals.set(fractionDigits, formatter);
      }
      return formatter.format(value);
    },
    percent: (ratio) => percent.format(ratio),
    list: (items) => list.format(items),
  };
}

// One set per (language, zone) in use, each built once: a few dozen in practice. Bounded all the
// same, since a set holds about 150 KB and a visitor picks the zone.
const formatters = new LRUCache<string, Formatters>({ max: 300 });

export function formattersFor(language: Language, timeZone = 'UTC'): Formatters {
  const zone = canonicalTimeZone(timeZone) ?? 'UTC';
  const key = `${language}|${zone}`;
  let found = formatters.get(key);
  if (!found) {
    found = buildFormatters(language, zone);
    formatters.set(key, found);
  }
  return found;
}
