/* global process, console, setTimeout -- plain Node ESM, like scripts/ (the lint gives bench/ no Node globals) */
// The dev store's index pushdown (tools/ferretdb/patches) at 200,000 rows: the lookups the app
// makes most, timed on the launcher this checkout builds, or on the store at the URI given (e.g. a
// launcher built without the patches, for "before").
//   node bench/dev-store-indexes.mjs [mongodb://127.0.0.1:27017/] [rows]
import mongoose from 'mongoose';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { freePort, log, projectRoot, startFerretDB } from '../scripts/lib/services.mjs';

const { MongoClient, ObjectId } = mongoose.mongo;
const rows = Number(process.argv[3] ?? 200000);
const courses = Array.from({ length: Math.max(1, Math.round(rows / 400)) }, () => new ObjectId());
const users = Array.from({ length: Math.max(1, Math.round(rows / 10)) }, () => new ObjectId());

async function timed(name, runs, act) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    result = await act(i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${name.padEnd(42)} ${median.toFixed(1).padStart(9)} ms  (${result})`);
}

async function main() {
  let stop = async () => {};
  let uri = process.argv[2];
  if (!uri) {
    const dataDir = path.join(projectRoot, `.data/bench-indexes-${process.pid}`);
    const ferret = await startFerretDB({ port: await freePort(), dataDir });
    uri = ferret.uri;
    stop = async () => {
      await ferret.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db(`bench_indexes_${process.pid}`);
    const enrollments = db.collection('enrollments');
    await enrollments.createIndex({ email: 1 }, { unique: true });
    await enrollments.createIndex({ courseId: 1, userId: 1 });
    log(`inserting ${rows} rows...`);
    const ids = [];
    for (let start = 0; start < rows; start += 10000) {
      const batch = [];
      for (let i = start; i < Math.min(rows, start + 10000); i++) {
        const _id = new ObjectId();
        if (i % 1000 === 0) ids.push(_id);
        batch.push({
          _id,
          email: `student${i}@example.org`,
          courseId: courses[i % courses.length],
          userId: users[i % users.length],
          progress: i % 100,
        });
      }
      await enrollments.insertMany(batch);
    }
    const runs = Number(process.env.RUNS ?? 5);
    // rows spread evenly over the insertion order: a scan that stops at the first match costs its median
    const at = (i) => Math.floor(((i + 0.5) / runs) * rows);
    await timed('find one by email', runs, async (i) => {
      const found = await enrollments.findOne({ email: `student${at(i)}@example.org` });
      return found ? 'found' : 'missing';
    });
    await timed('find by (courseId, userId)', runs, async (i) => {
      const found = await enrollments
        .find({ courseId: courses[at(i) % courses.length], userId: users[at(i) % users.length] })
        .toArray();
      return `${found.length} rows`;
    });
    await timed('count by courseId (countDocuments)', runs, async (i) => {
      const n = await enrollments.countDocuments({ courseId: courses[i % courses.length] });
      return `${n} rows`;
    });
    await timed('find _id $in 20 ids', runs, async (i) => {
      const found = await enrollments.find({ _id: { $in: ids.slice(i, i + 20) } }).toArray();
      return `${found.length} rows`;
    });
    await timed('updateOne by email', runs, async (i) => {
      const result = await enrollments.updateOne(
        { email: `student${at(i)}@example.org` },
        { $inc: { progress: 1 } },
      );
      return `${result.modifiedCount} modified`;
    });
    let answered = true;
    await timed('bulkWrite of 150 updateOne by _id', 1, async () => {
      const statements = ids.slice(0, 150).map((_id) => ({
        updateOne: { filter: { _id }, update: { $inc: { progress: 1 } } },
      }));
      const answer = enrollments.bulkWrite(statements).then((r) => `${r.modifiedCount} modified`);
      const timeout = new Promise((resolve) =>
        setTimeout(() => resolve('no answer after 20 s'), 20000),
      );
      const outcome = await Promise.race([answer, timeout]);
      answered = outcome !== 'no answer after 20 s';
      return outcome;
    });
    // v1.24.2 stays stuck on that database after the bulk write: leave it to the store's owner
    if (answered) await db.dropDatabase().catch(() => undefined);
  } finally {
    await client.close(true);
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
