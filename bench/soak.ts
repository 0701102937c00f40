// `npm run soak`: the campus under half its peak load for SOAK_MINUTES (60 by default), not in CI.
// The web and worker processes run as in production; the peak is measured first, in the same
// run (mixed page and API requests at 32 connections), then autocannon holds half of it while
// students keep completing a level, so awards, certificates and emails flow through the worker.
// Every 15 s it records both processes' resident memory and every queue's depth; at the end it
// writes bench/soak-results.json and a chart (bench/soak.svg, .png) and says whether memory
// stayed flat and whether any job stalled or failed.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { AwardModel } from '../badges/awards/award.model';
import { CertificateModel } from '../badges/certificates/certificate.model';
import { renderSvgToPng } from '../badges/baking/render-png';
import { closeStores, connectStores } from '../server/bootstrap';
import { loadConfig } from '../platform/config';
import { allJobs, repeatingJobs } from '../server/jobs';
import { createLogger } from '../platform/logger';
import { projectRoot } from '../platform/paths';
import { createTestUser, testPassword } from '../test/support/factories';
import { levelWithBadge, studentFinishing } from '../test/faults/support/arrange';
import { logInOverHttp } from '../test/faults/support/load';

interface Sample {
  minute: number;
  webRssMb: number;
  workerRssMb: number;
  waiting: number;
  active: number;
  failed: number;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const num = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const den = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function waitForReady(base: string, child: ChildProcess) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`the web process exited (${child.exitCode})`);
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the web process did not become ready');
}

function soakChartSvg(samples: Sample[], minutes: number): string {
  const width = 720;
  const height = 320;
  const left = 60;
  const bottom = 270;
  const top = 40;
  const maxMb = Math.max(100, ...samples.flatMap((s) => [s.webRssMb, s.workerRssMb])) * 1.15;
  const maxQueue = Math.max(10, ...samples.map((s) => s.waiting + s.active));
  const x = (minute: number) => left + (minute / minutes) * (width - left - 80);
  const y = (value: number, max: number) => bottom - (value / max) * (bottom - top);
  const line = (pick: (s: Sample) => number, max: number) =>
    samples.map((s) => `${x(s.minute).toFixed(1)},${y(pick(s), max).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const mb = Math.round(maxMb * share);
    return `<text x="${left - 8}" y="${y(mb, maxMb) + 4}" text-anchor="end">${mb}</text><line x1="${left}" x2="${width - 80}" y1="${y(mb, maxMb)}" y2="${y(mb, maxMb)}" stroke="#ddd"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${left}" y="22" font-size="15" font-weight="bold">Soak at half the peak load, ${minutes} min: resident memory (MB) and queued jobs</text>
${ticks.join('\n')}
<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="${line((s) => s.webRssMb, maxMb)}"/>
<polyline fill="none" stroke="#1f7a4d" stroke-width="2" points="${line((s) => s.workerRssMb, maxMb)}"/>
<polyline fill="none" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="4 3" points="${line((s) => s.waiting + s.active, maxQueue)}"/>
<text x="${width - 75}" y="${y(samples.at(-1)?.webRssMb ?? 0, maxMb) + 4}" fill="#1f5fa8">web</text>
<text x="${width - 75}" y="${y(samples.at(-1)?.workerRssMb ?? 0, maxMb) + 4}" fill="#1f7a4d">worker</text>
<text x="${left}" y="${height - 20}" fill="#c0392b">dashed: jobs waiting or running (right scale, max ${maxQueue})</text>
<text x="${width - 80}" y="${bottom + 16}" text-anchor="end">minutes →</text>
</svg>`;
}

async function main() {
  const minutes = Number(process.env.SOAK_MINUTES ?? 60);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    BASE_URL: base,
    MONGODB_DB: `soak_${process.pid}`,
    REDIS_PREFIX: `soak-${process.pid}`,
    LOGIN_RATE_LIMIT: '1000',
    STAFF_TWO_FACTOR: 'false',
  };
  const config = loadConfig(env);
  const context = await connectStores(config, createLogger({ ...config, logLevel: 'silent' }));
  const children: ChildProcess[] = [];
  try {
    const { course } = await levelWithBadge(context, 'soak');
    const student = await createTestUser({ email: 'soak-reader@example.org' });
    const start = (script: string) => {
      const child = spawn('node', [path.join(projectRoot, 'dist/server', script)], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      return child;
    };
    const web = start('main.js');
    const worker = start('worker.js');
    await waitForReady(base, web);
    const { cookie } = await logInOverHttp(base, student.email, testPassword);
    const requests = [
      { method: 'GET' as const, path: '/courses' },
      { method: 'GET' as const, path: `/courses/${course.slug}` },
      { method: 'GET' as const, path: '/api/v1/me/progress', headers: { cookie } },
      { method: 'GET' as const, path: '/readyz' },
    ];

    const calibration = await autocannon({ url: base, connections: 32, duration: 15, requests });
    const peak = calibration.requests.average;
    const target = Math.max(1, Math.round(peak / 2));
    process.stderr.write(
      `soak: peak ${peak.toFixed(0)} req/s; holding ${target} req/s for ${minutes} min\n`,
    );

    const stalled: string[] = [];
    for (const job of allJobs)
      context.jobs
        .queue(job.name)
        .on('global:stalled', (id: string) => stalled.push(`${job.name}:${id}`));
    const scheduled = new Set(repeatingJobs.map((job) => job.name));
    const samples: Sample[] = [];
    const began = Date.now();
    const sample = async () => {
      const counts = await Promise.all(
        allJobs.map((job) => context.jobs.queue(job.name).getJobCounts()),
      );
      samples.push({
        minute: (Date.now() - began) / 60_000,
        webRssMb: rssMb(web),
        workerRssMb: rssMb(worker),
        waiting: counts.reduce((sum, c) => sum + c.waiting, 0),
        active: counts.reduce((sum, c) => sum + c.active, 0),
        failed: counts.reduce(
          (sum, c, i) => sum + (scheduled.has(allJobs[i]!.name) ? 0 : c.failed),
          0,
        ),
      });
      const last = samples.at(-1)!;
      process.stderr.write(
        `\rsoak: ${last.minute.toFixed(1)}/${minutes} min · web ${last.webRssMb.toFixed(0)} MB · worker ${last.workerRssMb.toFixed(0)} MB · jobs waiting ${last.waiting}   `,
      );
    };
    await sample();
    const sampler = setInterval(() => void sample(), 15_000);
    // Students completing the level: one every 5 s, each an award, a certificate and emails.
    let finishers = 0;
    const finishing = setInterval(() => {
      finishers++;
      void studentFinishing(context, course, `Soak Student ${finishers}`).catch(() => undefined);
    }, 5_000);
    const load = await autocannon({
      url: base,
      connections: 16,
      overallRate: target,
      duration: minutes * 60,
      requests,
    });
    clearInterval(finishing);
    // Let the last completions through, then the final sample.
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await sample();
    clearInterval(sampler);

    const secondHalf = samples.filter((s) => s.minute >= minutes / 2);
    const mbPerHour = (pick: (s: Sample) => number) =>
      slope(secondHalf.map((s) => [s.minute, pick(s)])) * 60;
    const awards = await AwardModel.countDocuments();
    const certificates = await CertificateModel.countDocuments();
    const result = {
      minutes,
      peakRequestsPerSecond: Math.round(peak),
      targetRequestsPerSecond: target,
      achievedRequestsPerSecond: Math.round(load.requests.average),
      p50: load.latency.p50,
      p99: load.latency.p99,
      errors: load.errors + load.timeouts + load.non2xx,
      memory: {
        webStartMb: Math.round(samples[0]!.webRssMb),
        webEndMb: Math.round(samples.at(-1)!.webRssMb),
        webSecondHalfMbPerHour: Number(mbPerHour((s) => s.webRssMb).toFixed(1)),
        workerStartMb: Math.round(samples[0]!.workerRssMb),
        workerEndMb: Math.round(samples.at(-1)!.workerRssMb),
        workerSecondHalfMbPerHour: Number(mbPerHour((s) => s.workerRssMb).toFixed(1)),
      },
      jobs: {
        studentsFinishing: finishers,
        awards,
        certificates,
        stalled: stalled.length,
        failedAtEnd: samples.at(-1)!.failed,
        waitingAtEnd: samples.at(-1)!.waiting,
        maxWaiting: Math.max(...samples.map((s) => s.waiting)),
      },
      samples,
    };
    const svg = soakChartSvg(samples, minutes);
    writeFileSync(
      path.join(projectRoot, 'bench/soak-results.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    writeFileSync(path.join(projectRoot, 'bench/soak.svg'), svg);
    writeFileSync(path.join(projectRoot, 'bench/soak.png'), renderSvgToPng(svg, 720));
    const { samples: _samples, ...summary } = result;
    console.log(`\n${JSON.stringify(summary, null, 2)}`);
    console.log('written: bench/soak-results.json, bench/soak.svg, bench/soak.png');
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await closeStores(context);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
