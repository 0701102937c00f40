// The time zones a reader may choose on their profile, named by country in the reader's language
// ("Bolivia (GMT-4)", "Argentina — Córdoba (GMT-3)"): students know their country, not IANA's
// city names. countries-and-timezones holds the zone-to-country table (tzdata's zone.tab), which
// Intl does not expose; Intl names the countries and says each zone's offset today; the cities
// are CLDR's, in the reader's language ("Brasil — São Paulo"), kept by scripts/exemplar-cities.mjs.
import { getTimezone } from 'countries-and-timezones';
import exemplarCitiesFile from './exemplar-cities.json';
import { localeOf } from './formatting';
import type { Language } from './languages';

type Choice = [zone: string, label: string];

const exemplarCities: Record<Language, Record<string, string>> = exemplarCitiesFile.cities;

let choicesOfDay: { day: string; byLanguage: Map<Language, Choice[]> } | undefined;

/** UTC first, then every zone Intl knows under its country, in the reader's alphabetical order. */
export function timeZoneChoices(language: Language, current?: string | null): Choice[] {
  const day = new Date().toISOString().slice(0, 10);
  if (choicesOfDay?.day !== day) choicesOfDay = { day, byLanguage: new Map() };
  let choices = choicesOfDay.byLanguage.get(language);
  if (!choices) {
    choices = buildChoices(language, new Date());
    choicesOfDay.byLanguage.set(language, choices);
  }
  // A zone saved under another name (an alias the API accepted) stays chosen rather than being
  // silently replaced by the first choice on the next save.
  if (current && !choices.some(([zone]) => zone === current))
    return [...choices, [current, current.replace(/_/g, ' ')]];
  return choices;
}

function buildChoices(language: Language, now: Date): Choice[] {
  const locale = localeOf[language];
  const countryNames = new Intl.DisplayNames([locale], { type: 'region' });
  const rows = Intl.supportedValuesOf('timeZone').map((zone) => {
    // A zone shared by several countries lists its own first; the others have zones of their
    // own in Intl's list (Asia/Muscat beside Asia/Dubai), so each country appears once per zone.
    const country = getTimezone(zone)?.countries[0];
    const city =
      exemplarCities[language][zone] ?? zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');
    // "Myanmar (Birmania)" reads as "Myanmar": the offset follows in brackets of its own.
    const name = country ? (countryNames.of(country) ?? country).replace(/ \([^()]*\)$/, '') : city;
    return { zone, country: name, city };
  });
  const zonesPerCountry = new Map<string, number>();
  for (const { country } of rows)
    zonesPerCountry.set(country, (zonesPerCountry.get(country) ?? 0) + 1);
  const collator = new Intl.Collator(locale);
  rows.sort((a, b) => collator.compare(a.country, b.country) || collator.compare(a.city, b.city));
  return [
    ['UTC', 'UTC'],
    ...rows.map(({ zone, country, city }): Choice => {
      const place = zonesPerCountry.get(country)! > 1 ? `${country} — ${city}` : country;
      return [zone, `${place} (${offsetOf(zone, now)})`];
    }),
  ];
}

function offsetOf(zone: string, now: Date): string {
  return (
    new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(now)
      .find((part) => part.type === 'timeZoneName')?.value ?? ''
  );
}
