// What the status list benchmark leaves behind: a table on stdout and its section of
// bench/results.json (`statusLists`, beside the HTTP results, each with its own date and scale).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { statusListSize } from '../badges/open-badges/ob3';
import { projectRoot } from '../platform/paths';
import type { StatusListsReport } from './status-lists.bench';

const bitstringBytes = statusListSize / 8;

export function printStatusListTable(report: StatusListsReport): void {
  console.log(
    `\nstatus lists at ${report.scale}× (${report.awards} awards: ${report.lists} list(s) per purpose)`,
  );
  for (const size of report.sizes)
    console.log(
      `  ${`${size.purpose} list ${size.list}`.padEnd(20)} ${String(size.setBits).padStart(6)} bits set  body ${String(size.bodyBytes).padStart(6)} B  encodedList ${String(size.encodedListBytes).padStart(6)} B  body ×${(size.bodyBytes / size.encodedListBytes).toFixed(2)} of encodedList, encodedList ×${(size.encodedListBytes / bitstringBytes).toFixed(3)} of the ${bitstringBytes} B bitstring`,
    );
  for (const timing of report.timings)
    console.log(
      `  ${timing.name.padEnd(58)} ${(timing.seconds * 1000).toFixed(3).padStart(9)} ms  ×${timing.ratio.toFixed(1).padStart(7)}  of ${timing.floor}`,
    );
}

/** Writes this run's figures into results.json, keeping the other sections as they are. */
export function writeStatusListResults(report: StatusListsReport): string {
  const file = path.join(projectRoot, 'bench', 'results.json');
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  const statusLists = { measuredAt: new Date().toISOString(), bitstringBytes, ...report };
  writeFileSync(file, `${JSON.stringify({ ...previous, statusLists }, null, 2)}\n`);
  return file;
}
