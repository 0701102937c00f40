// Dates and numbers as each language writes them (Intl), with formatters built once per language:
// constructing an Intl formatter costs far more than using one.
import type { Language } from './languages';

/** The regional variant each language is written in across the campus's region. */
export const localeOf: Record<Language, string> = { en: 'en-GB', es: 'es-419', pt: 'pt-BR' };

export interface Formatters {
  /** 24 November 2026 */
  date(value: Date | string | number): string;
  /** 24 November 2026, 14:30 UTC */
  dateTime(value: Date | string | number): string;
  /** Nov 2026 */
  month(value: Date | string | number): string;
  /** Nov, for a chart's axis */
  monthName(value: Date | string | number): string;
  number(value: number, fractionDigits?: number): string;
  /** 0.49 → 49% */
  percent(ratio: number): string;
}

function buildFormatters(language: Language): Formatters {
  const locale = localeOf[language];
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
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
    // Times are shown in UTC, said so: the campus's students span five time zones.
    dateTime: (value) => `${dateTime.format(new Date(value))} UTC`,
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

const formatters = new Map<Language, Formatters>();

export function formattersFor(language: Language): Formatters {
  let found = formatters.get(language);
  if (!found) {
    found = buildFormatters(language);
    formatters.set(language, found);
  }
  return found;
}
