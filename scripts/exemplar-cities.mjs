// Writes i18n/exemplar-cities.json: each time zone's city as Unicode CLDR names it in English,
// Spanish and Portuguese ("São Paulo", "Ciudad de México", "Nuuk"), where that differs from the
// zone's own IANA name. Intl names countries but not these cities, and the CLDR package is about
// 100 MB: the campus keeps the 15 KB it needs. Run again when CLDR changes:
//   npm install --no-save cldr-dates-full@48 && node scripts/exemplar-cities.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('cldr-dates-full/package.json'));
const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const zones = Intl.supportedValuesOf('timeZone');
const cities = {};
for (const language of ['en', 'es', 'pt']) {
  const names = JSON.parse(
    readFileSync(path.join(packageDir, 'main', language, 'timeZoneNames.json'), 'utf8'),
  ).main[language].dates.timeZoneNames.zone;
  cities[language] = {};
  for (const zone of zones) {
    const city = zone.split('/').reduce((node, part) => node?.[part], names)?.exemplarCity;
    const asNamed = zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');
    if (city && city !== asNamed) cities[language][zone] = city;
  }
}
const file = path.resolve('i18n/exemplar-cities.json');
const source = `Unicode CLDR exemplar cities (cldr-dates-full ${version}), Unicode License v3: https://www.unicode.org/license.txt`;
writeFileSync(file, `${JSON.stringify({ source, cities }, null, 2)}\n`);
console.log(
  `${path.relative(process.cwd(), file)}: ${Object.values(cities)
    .map((c) => Object.keys(c).length)
    .join(' / ')} cities (en / es / pt)`,
);
