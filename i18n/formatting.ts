// Dates and numbers as each language writes them (Intl), with formatters built once per language:
// constructing an Intl formatter costs far more than using one.
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
}

/**
 * Whether a browser's or a profile's zone is one Intl knows: any IANA name, aliases included
 * (Firefox says America/Argentina/Buenos_Aires where Chrome says America/Buenos_Aires). Answers
 * are remembered; the shape check first keeps arbitrary cookie text out of Intl and the memory.
 */
const zoneChecks = new Map<string, boolean>();
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return false;
  let known = zoneChecks.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    if (zoneChecks.size < 2000) zoneChecks.set(value, known);
  }
  return known;
}

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
  };
}

// One set per (language, zone) in use: a few hundred zones at most, each built once.
const formatters = new Map<string, Formatters>();

export function formattersFor(language: Language, timeZone = 'UTC'): Formatters {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const key = `${language}|${zone}`;
  let found = formatters.get(key);
  if (!found) {
    found = buildFormatters(language, zone);
    formatters.set(key, found);
  }
  return found;
}
