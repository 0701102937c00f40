// What the HTTP benchmark leaves behind: a table on stdout, bench/results.json, and a chart a
// person reads at a glance (bench/results.svg and .png): each scenario's share of its floor at
// 64 connections, against the 50% target, with its p99 beside it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSvgToPng } from '../badges/baking/render-png';
import { projectRoot } from '../platform/paths';
import type { HttpResult } from './http.bench';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

export function printHttpTable(results: HttpResult[]): void {
  console.log('\nHTTP (autocannon, 127.0.0.1)');
  console.log(
    `  ${'scenario'.padEnd(30)} ${'conns'.padStart(5)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)} ${'floor'.padStart(9)} ${'req/s'.padStart(7)} ${'p99 ms'.padStart(7)} ${'× floor'.padStart(8)}`,
  );
  for (const r of results)
    console.log(
      `  ${r.scenario.padEnd(30)} ${String(r.connections).padStart(5)} ${r.requestsPerSecond.toFixed(0).padStart(9)} ${(r.requestsPerSecond > 0 ? String(r.p50) : '—').padStart(7)} ${(r.requestsPerSecond > 0 ? String(r.p99) : '—').padStart(7)} ${String(r.errors).padStart(7)} ${r.floor.padStart(9)} ${r.floorRequestsPerSecond.toFixed(0).padStart(7)} ${String(r.floorP99).padStart(7)} ${`${(r.ratio * 100).toFixed(1)}%`.padStart(8)}  ${r.errorKinds}`,
    );
}

export function httpChartSvg(results: HttpResult[], scale: number): string {
  const rows = results.filter((r) => r.connections === 64);
  const rowHeight = 34;
  const left = 230;
  const barWidth = 420;
  const width = left + barWidth + 330;
  const top = 56;
  const height = top + rows.length * rowHeight + 40;
  const x = (share: number) => left + Math.min(1, share) * barWidth;
  const bars = rows.map((r, i) => {
    const y = top + i * rowHeight;
    const good = r.ratio >= 0.5 && r.p99 < 50;
    return [
      `<text x="${left - 8}" y="${y + 18}" text-anchor="end" font-size="13">${escapeXml(r.scenario)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${Math.max(1, x(r.ratio) - left)}" height="20" rx="3" fill="${good ? '#1f7a4d' : '#b3541e'}"/>`,
      `<text x="${x(r.ratio) + 6}" y="${y + 18}" font-size="12">${
        r.requestsPerSecond > 0
          ? `${(r.ratio * 100).toFixed(1)}% · ${r.requestsPerSecond.toFixed(0)} req/s · p99 ${r.p99} ms (floor's ${r.floorP99} ms)`
          : r.errors > 0
            ? `no 2xx answer: ${r.errors} errors (non-2xx or timeouts)`
            : 'no answer within the run (every request still waiting)'
      }</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="bold">Campus at ${scale}× — share of the floor at 64 connections (req/s)</text>`,
    `<text x="16" y="44" font-size="12" fill="#555">Green: ≥ 50% of its floor and p99 &lt; 50 ms (the target). Floors: each page's own EJS from static data; API: bare node:http JSON.</text>`,
    ...bars,
    `<line x1="${x(0.5)}" y1="${top - 4}" x2="${x(0.5)}" y2="${height - 30}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<text x="${x(0.5)}" y="${height - 14}" text-anchor="middle" font-size="12">target 50%</text>`,
    `<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${height - 30}" stroke="#999"/>`,
    `<text x="${x(1)}" y="${height - 14}" text-anchor="middle" font-size="12">100%</text>`,
    '</svg>',
  ].join('');
}

export function writeHttpResults(results: HttpResult[], scale: number): string[] {
  const dir = path.join(projectRoot, 'bench');
  const json = path.join(dir, 'results.json');
  // Other benchmarks' sections (statusLists) stay as their last run wrote them.
  const previous = existsSync(json)
    ? (JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>)
    : {};
  const measured = { measuredAt: new Date().toISOString(), scale, results };
  writeFileSync(json, `${JSON.stringify({ ...previous, ...measured }, null, 2)}\n`);
  const svg = httpChartSvg(results, scale);
  writeFileSync(path.join(dir, 'results.svg'), svg);
  writeFileSync(path.join(dir, 'results.png'), renderSvgToPng(svg, 1000));
  return [json, path.join(dir, 'results.svg'), path.join(dir, 'results.png')];
}
