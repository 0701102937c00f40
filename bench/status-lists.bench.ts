// Benchmark: the W3C Bitstring status lists on BENCH_SCALE × the campus's awards (default 100×:
// 50,000 awards, scale-data.ts's 500 per 1×, written in bulk by status-list-awards.ts), against
// floors measured in the same run.
// - Size: each served list credential (its JSON body) and its encodedList, and how many lists
//   exist (one takes 65,536 awards: half of its 131,072 entries).
// - Publishing a revocation: from revokeAward (the service the admin pages call; its event raises
//   the verification epoch) until a GET of the award's list over HTTP shows its bit; median and
//   p95 over up to STATUS_REVOCATIONS (20) revocations, fewer (at least 3) once a server's took
//   STATUS_PUBLISH_SECONDS (20). Served by the campus app in this process (the process that
//   revoked) and by the production web process (dist/server/main.js), which learns of the new
//   epoch by its own re-read of it and signs its own list. Floor: one indexed update, the
//   bitstring's gzip+encode, one raw Ed25519 signature, and a GET (and decode) of a static body of
//   the same bytes from the same server.
// - Building and signing one list cold: the first one in this process, and each rebuild after a
//   revocation (the epoch raised, so nothing is cached: the GET that serves it). Floors: the
//   bitstring's gzip+encode and one raw Ed25519 signature (and the static GET). The store's plan
//   for the read each build starts with goes to stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import express from 'express';
import mongoose, { Types } from 'mongoose';
import { AwardModel } from '../badges/awards/award.model';
import { revokeAward } from '../badges/awards/award.service';
import { ensureSigningKeys } from '../badges/keys/key-store';
import { statusListSize, type StatusPurpose } from '../badges/open-badges/ob3';
import { statusListField } from '../badges/status-lists/status-flags';
import { StatusListCounterModel } from '../badges/status-lists/status-list-counter.model';
import { statusListCredential } from '../badges/status-lists/status-list.service';
import { createApp } from '../server/app';
import { closeStores, connectStores } from '../server/bootstrap';
import { loadConfig } from '../platform/config';
import type { AppContext } from '../platform/context';
import { createLogger } from '../platform/logger';
import { projectRoot } from '../platform/paths';
import { freePort, waitForHttp } from './http.bench';
import { medianOf, p95, median, perOperation, samplesWithin, since, timed } from './sampling';
import { awardsPerList, populateAwards, type BenchAward } from './status-list-awards';

/** At most this many revocations per server, and at least `minimumSamples`... */
const revocations = Number(process.env.STATUS_REVOCATIONS ?? 20);
/**
 * ...while the seconds spent on one server's revocations stay under this: at 100× one publication
 * takes seconds on the dev store, and 20 of them on each server would hold the bench for minutes.
 */
const publishBudgetSeconds = Number(process.env.STATUS_PUBLISH_SECONDS ?? 20);
const minimumSamples = 3;

export interface StatusListSize {
  purpose: StatusPurpose;
  list: number;
  setBits: number;
  bodyBytes: number;
  encodedListBytes: number;
}

export interface StatusListTiming {
  name: string;
  seconds: number;
  floor: string;
  ratio: number;
}

export interface StatusListsReport {
  scale: number;
  awards: number;
  /** Lists per purpose (revocation and suspension each have this many). */
  lists: number;
  sizes: StatusListSize[];
  /** The floors first (ratio 1), then what was measured against them. */
  timings: StatusListTiming[];
}

interface ServedList {
  body: string;
  encodedList: string;
}

async function fetchList(base: string, purpose: StatusPurpose, list: number): Promise<ServedList> {
  const response = await fetch(`${base}/badges/status/${purpose}/${list}`);
  if (!response.ok) throw new Error(`GET ${purpose} list ${list}: ${response.status}`);
  const body = await response.text();
  const credential = JSON.parse(body) as { credentialSubject: { encodedList: string } };
  return { body, encodedList: credential.credentialSubject.encodedList };
}

async function countSetBits(encodedList: string): Promise<number> {
  const list = await decodeList({ encodedList });
  const { bits } = (list as unknown as { bitstring: { bits: Uint8Array } }).bitstring;
  let count = 0;
  for (const byte of bits) for (let bit = byte; bit; bit &= bit - 1) count += 1;
  return count;
}

/**
 * Per revocation: the seconds from revokeAward until `base` serves the award's list with its bit
 * set (polled as fast as the server answers), and the seconds revokeAward itself took.
 */
async function publishRevocations(
  context: AppContext,
  base: string,
  awards: BenchAward[],
): Promise<{ publish: number[]; revoke: number[]; polls: number }> {
  const actor = String(new Types.ObjectId());
  const revoke: number[] = [];
  let polls = 0;
  const publish = await samplesWithin(
    Math.min(revocations, awards.length),
    minimumSamples,
    publishBudgetSeconds,
    async (run) => {
      const award = awards[run]!;
      const list = Math.floor(award.statusListIndex / statusListSize);
      const position = award.statusListIndex % statusListSize;
      // What verifiers are served now (the server signs it first if it has none cached).
      let seen = (await fetchList(base, 'revocation', list)).encodedList;
      const started = process.hrtime.bigint();
      await revokeAward(context, actor, award.publicId, 'Bench revocation.');
      revoke.push(since(started));
      for (;;) {
        const { encodedList } = await fetchList(base, 'revocation', list);
        polls += 1;
        if (encodedList !== seen) {
          if ((await decodeList({ encodedList })).getStatus(position)) break;
          seen = encodedList;
        }
        if (since(started) > 60) throw new Error(`${base}: revocation not published in 60 s`);
      }
      return since(started);
    },
  );
  return { publish, revoke, polls };
}

/** The campus app in this process, behind one static route serving `floorBody` as it would. */
async function startInProcessServer(context: AppContext, floorBody: () => string) {
  const app = express();
  app.get('/bench-floor/list', (_req, res) => {
    res
      .type('application/vc')
      .set('Access-Control-Allow-Origin', '*')
      .set('Cache-Control', 'public, max-age=60')
      .send(floorBody());
  });
  app.use(createApp(context));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The production web process (dist/server/main.js) on the same stores. */
async function startWebProcess(env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn('node', [path.join(projectRoot, 'dist/server/main.js')], {
    env: { ...env, PORT: String(port), BASE_URL: base },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHttp(`${base}/healthz`, child);
  return { child, base };
}

export async function benchStatusLists(): Promise<StatusListsReport> {
  const scale = Number(process.env.BENCH_SCALE ?? 100);
  const awardCount = 500 * scale;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_DB: `bench_status_lists_${process.pid}`,
    REDIS_PREFIX: `bench-status-lists-${process.pid}`,
  };
  const config = loadConfig(env);
  const context = await connectStores(config, createLogger(config));
  let server: Server | undefined;
  let web: ChildProcess | undefined;
  try {
    process.stderr.write(`status lists at ${scale}× the campus (${awardCount} awards)\n`);
    const benchStarted = process.hrtime.bigint();
    await ensureSigningKeys(config);
    const setupStarted = process.hrtime.bigint();
    const standing = await populateAwards(awardCount);
    process.stderr.write(`  awards and slots written in ${since(setupStarted).toFixed(1)} s\n`);

    // Building and signing the first list in this process (later ones: each revocation below).
    const first = await timed(() => statusListCredential(config, 'revocation', 0));

    // Sizes, as served over HTTP.
    let floorBody = '';
    const inProcess = await startInProcessServer(context, () => floorBody);
    server = inProcess.server;
    const counter = await StatusListCounterModel.findById('awards').lean();
    const lists = Math.floor(Math.max((counter?.next ?? 0) - 1, 0) / awardsPerList) + 1;
    const beyond = await fetch(`${inProcess.base}/badges/status/revocation/${lists}`);
    if (beyond.status !== 404) throw new Error(`list ${lists} answered ${beyond.status}, not 404`);
    const sizes: StatusListSize[] = [];
    for (const purpose of ['revocation', 'suspension'] as const)
      for (let list = 0; list < lists; list += 1) {
        const served = await fetchList(inProcess.base, purpose, list);
        sizes.push({
          purpose,
          list,
          setBits: await countSetBits(served.encodedList),
          bodyBytes: Buffer.byteLength(served.body),
          encodedListBytes: Buffer.byteLength(served.encodedList),
        });
      }

    // Floors.
    const revocationList = await fetchList(inProcess.base, 'revocation', 0);
    floorBody = revocationList.body;
    const staticGet = await medianOf(50, async () => {
      const response = await fetch(`${inProcess.base}/bench-floor/list`);
      const { credentialSubject } = JSON.parse(await response.text()) as {
        credentialSubject: { encodedList: string };
      };
      await decodeList({ encodedList: credentialSubject.encodedList });
    });
    // The bitstring as served, for the floors of encoding it.
    const served = await decodeList({ encodedList: revocationList.encodedList });
    const { bits } = (served as unknown as { bitstring: { bits: Uint8Array } }).bitstring;
    const encode = perOperation(200, () => `u${gzipSync(bits).toString('base64url')}`);
    const libraryEncode = await medianOf(20, () => served.encode());
    // How the store answers the read each build starts with (the awards flagged in the list).
    const plan = await AwardModel.find({ [statusListField.revocation]: 0 })
      .select('statusListIndex')
      .explain();
    process.stderr.write(`  plan of a build's read: ${JSON.stringify(plan).slice(0, 300)}\n`);
    const ed25519 = generateKeyPairSync('ed25519');
    const hashes = Buffer.alloc(64, 'b'); // eddsa-rdfc-2022 signs two SHA-256 hashes
    const rawSign = perOperation(2000, () => sign(null, hashes, ed25519.privateKey));
    const scratch = mongoose.connection.db!.collection<{ _id: number; n: number }>('bench_floor');
    await scratch.insertOne({ _id: 1, n: 0 });
    const update = await medianOf(20, () => scratch.updateOne({ _id: 1 }, { $inc: { n: 1 } }));
    const buildFloor = encode + rawSign;
    const serveFloor = buildFloor + staticGet;
    const publishFloor = update + serveFloor;

    // Publishing revocations: through the app in this process, then the production web process.
    const here = await publishRevocations(context, inProcess.base, standing.slice(0, revocations));
    const production = await startWebProcess(env);
    web = production.child;
    await fetchList(production.base, 'revocation', 0);
    const there = await publishRevocations(
      context,
      production.base,
      standing.slice(revocations, 2 * revocations),
    );
    // In this process the first GET after revokeAward sees the new epoch: it rebuilds the list.
    const rebuilt = here.publish.map((seconds, i) => seconds - here.revoke[i]!);
    process.stderr.write(
      `  polls per revocation: ${(here.polls / here.publish.length).toFixed(1)} here, ${(there.polls / there.publish.length).toFixed(1)} in the web process; status lists took ${since(benchStarted).toFixed(0)} s\n`,
    );

    const floors: Array<[string, number]> = [
      ['GET + decode of a static list body, same server', staticGet],
      ['gzip+encode of the bitstring (node:zlib)', encode],
      ['one raw Ed25519 signature', rawSign],
      ['one indexed update', update],
      ['build (encode + sign)', buildFloor],
      ['serve a rebuilt list (encode + sign + GET)', serveFloor],
      ['publish (update + encode + sign + GET)', publishFloor],
    ];
    const against = (name: string, seconds: number, floor: string, floorSeconds: number) => ({
      name,
      seconds,
      floor,
      ratio: seconds / floorSeconds,
    });
    const build = 'build (encode + sign)';
    const zlib = 'gzip+encode of the bitstring (node:zlib)';
    const publish = 'publish (update + encode + sign + GET)';
    return {
      scale,
      awards: awardCount,
      lists,
      sizes,
      timings: [
        ...floors.map(([name, seconds]) => against(`floor: ${name}`, seconds, name, seconds)),
        against('gzip+encode as the service does (the library, pako)', libraryEncode, zlib, encode),
        against('build+sign the first list in this process', first, build, buildFloor),
        against(
          `GET after a revocation (cold rebuild), median of ${rebuilt.length}`,
          median(rebuilt),
          'serve a rebuilt list (encode + sign + GET)',
          serveFloor,
        ),
        against(
          `revokeAward alone, median of ${here.revoke.length}`,
          median(here.revoke),
          'one indexed update',
          update,
        ),
        ...(
          [
            ['same process', here.publish],
            ['other web process', there.publish],
          ] as const
        ).flatMap(([where, times]) => [
          against(
            `publish a revocation, ${where}: median of ${times.length}`,
            median(times),
            publish,
            publishFloor,
          ),
          against(
            // Nearest rank: below 20 samples the p95 is the largest.
            `publish a revocation, ${where}: ${times.length < 20 ? 'max' : 'p95'} of ${times.length}`,
            p95(times),
            publish,
            publishFloor,
          ),
        ]),
      ],
    };
  } finally {
    web?.kill('SIGTERM');
    server?.closeAllConnections();
    server?.close();
    await mongoose.connection.db?.dropDatabase().catch(() => {});
    await closeStores(context);
  }
}
