// `npm run bench`: every benchmark, each reported as seconds and as a ratio to a floor measured
// in the same run (machines here vary by ±30% from run to run; ratios hold).
import { benchAttendanceSync } from './attendance-sync.bench';
import { benchCatalogSearch } from './catalog-search.bench';
import { benchCredentials } from './credentials.bench';
import { benchHttp } from './http.bench';
import { printHttpTable, writeHttpResults } from './http-report';
import { benchReports } from './reports.bench';
import { printStatusListTable, writeStatusListResults } from './status-lists-report';
import { benchStatusLists } from './status-lists.bench';

type Result = { name: string; seconds: number; ratio: number };

function print(title: string, results: Result[]) {
  console.log(`\n${title}`);
  for (const result of results)
    console.log(
      `  ${result.name.padEnd(70)} ${result.seconds.toFixed(3).padStart(8)} s  ×${result.ratio.toFixed(1)}`,
    );
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'attendance') print('attendance sync', await benchAttendanceSync());
  if (!only || only === 'credentials') {
    console.log('\ncredentials (per second, against floors in the same run)');
    for (const result of await benchCredentials()) {
      const phases = result.phases
        ? `  ms per item: ${Object.entries(result.phases)
            .map(([phase, ms]) => `${phase} ${ms}`)
            .join(', ')}`
        : '';
      console.log(
        `  ${result.name.padEnd(50)} ${result.perSecond.toFixed(1).padStart(8)}/s  floor ${result.floorPerSecond.toFixed(1)}/s  ×${result.ratio.toFixed(3)}${phases}`,
      );
    }
  }
  if (!only || only === 'reports') print('reports', await benchReports());
  if (!only || only === 'catalog-search') print('catalog search', await benchCatalogSearch());
  if (!only || only === 'status-lists') {
    const report = await benchStatusLists();
    printStatusListTable(report);
    console.log(`\n  written: ${writeStatusListResults(report)} (statusLists)`);
  }
  if (!only || only === 'http') {
    const results = await benchHttp();
    printHttpTable(results);
    const files = writeHttpResults(results, Number(process.env.BENCH_SCALE ?? 100));
    console.log(`\n  written: ${files.join(', ')}`);
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
