// The dev and test store (FerretDB on SQLite, patched in tools/ferretdb/patches) answers top-level
// equality and $in through the collection's indexes. Through the wire protocol, as the app talks
// to it: the answers are those of a full scan, explain shows an index search, and an update
// command of 100 or more statements answers (v1.24.2 hung for good).
import mongoose from 'mongoose';

const { MongoClient, ObjectId, Double, Long, Int32 } = mongoose.mongo;
type Filter = mongoose.mongo.Filter<mongoose.mongo.Document>;

let client: mongoose.mongo.MongoClient;
let db: mongoose.mongo.Db;
let docs: mongoose.mongo.Collection;

const courses = Array.from({ length: 40 }, () => new ObjectId());
const users = Array.from({ length: 100 }, () => new ObjectId());
const course = (i: number) => courses[i % courses.length]!;
const user = (i: number) => users[i % users.length]!;
// Every kind of zero and one a number field can hold: MongoDB's equality ignores the type.
const zeros = [new Int32(0), new Long(0), new Double(0), new Double(-0)];
const ones = [new Int32(1), new Long(1), new Double(1)];

beforeAll(async () => {
  if (!process.env.MONGODB_URI) throw new Error('MONGODB_URI is not set: run with `npm test`');
  client = await MongoClient.connect(process.env.MONGODB_URI);
  db = client.db(`dev_store_indexes_${process.pid}`);
  docs = db.collection('enrollments');
  await docs.createIndex({ email: 1 }, { unique: true });
  await docs.createIndex({ courseId: 1, userId: 1 });
  await docs.createIndex({ tags: 1 });
  await docs.createIndex({ score: 1 });
  await docs.createIndex({ active: 1 });
  await docs.insertMany(
    Array.from({ length: 3000 }, (_, i) => ({
      email: `student${i}@example.org`,
      // every 7th row keeps the course as its hex string: a string never equals an ObjectId
      courseId: i % 7 === 0 ? course(i).toHexString() : course(i),
      userId: user(i),
      tags: i % 5 === 0 ? ['ipv6', `t${i % 3}`] : `t${i % 3}`,
      score: i < 4 ? zeros[i] : i < 7 ? ones[i - 4] : i % 11,
      ...(i % 13 === 0 ? {} : { active: i % 2 === 0 }),
    })),
  );
}, 60000);

afterAll(async () => {
  await db?.dropDatabase().catch(() => undefined);
  await client?.close(true);
});

/** The documents' emails, sorted: results in index order may differ from insertion order. */
async function emailsOf(filter: Filter): Promise<string[]> {
  const found = await docs.find(filter, { projection: { email: 1 } }).toArray();
  return found.map((doc) => String(doc.email)).sort();
}

/** The SQLite plan of a find (FerretDB) or the winning plan (MongoDB), as text. */
async function planOf(filter: Filter): Promise<string> {
  return JSON.stringify((await docs.find(filter).explain()).queryPlanner);
}

const usesIndex = /USING INDEX|IXSCAN/;

// `{$and: [filter]}` means the same to MongoDB and to FerretDB's own matcher, and the patch does
// not push $and down (checked below): it is the full scan every query is compared with.
const fullScanOf = (filter: Filter): Filter => ({ $and: [filter] });

const cases: [string, Filter, number][] = [
  ['an email', { email: 'student42@example.org' }, 1],
  ['a course and a student', { courseId: course(3), userId: user(3) }, 13],
  ['a course given as its hex string', { courseId: course(7).toHexString() }, 11],
  [
    'a course as an ObjectId or a string',
    { courseId: { $in: [course(7), course(7).toHexString()] } },
    75,
  ],
  ['$eq on a course', { courseId: { $eq: course(9) } }, 64],
  ['a tag that some rows hold in an array', { tags: 't1' }, 1000],
  ['a tag only arrays hold', { tags: 'ipv6' }, 600],
  ['a zero (int, long, double and negative zero all equal)', { score: 0 }, 276],
  ['a negative zero', { score: new Double(-0) }, 276],
  ['a one (int, long and double)', { score: 1 }, 275],
  ['$in on numbers', { score: { $in: [2, 3.0, new Long(4)] } }, 816],
  ['a fraction no row holds', { score: 2.5 }, 0],
  ['a boolean (with rows where it is missing)', { active: false }, 1385],
  ['null, which also matches a missing field (not pushed down)', { active: null }, 231],
];

describe('the dev store with indexes', () => {
  test.each(cases)(
    'when a query filters by %s, it returns what a full scan returns',
    async (_name, filter, expected) => {
      const found = await emailsOf(filter);
      expect(found).toEqual(await emailsOf(fullScanOf(filter)));
      expect(found).toHaveLength(expected);
      expect(await docs.countDocuments(filter)).toBe(expected);
    },
  );

  test('when a query filters by indexed fields, explain shows an index search', async () => {
    for (const [, filter] of cases.slice(0, 13)) {
      expect(await planOf(filter)).toMatch(usesIndex);
    }
    expect(await planOf({ courseId: course(3), userId: user(3) })).toContain(
      '<expr>=? AND <expr>=?',
    );
    const pipeline = [{ $match: { email: 'student1@example.org' } }, { $count: 'n' }];
    const aggregate = await docs.aggregate(pipeline).explain();
    expect(JSON.stringify(aggregate.queryPlanner ?? aggregate)).toMatch(usesIndex);
  });

  test('when a filter cannot use an index, explain shows a scan (and the comparison above is honest)', async () => {
    expect(await planOf(fullScanOf({ email: 'student42@example.org' }))).not.toMatch(usesIndex);
    expect(await planOf({ userId: user(3) })).not.toMatch(usesIndex); // not the index's first field
    expect(await planOf({ reviewed: true })).not.toMatch(usesIndex); // no index
    expect(await planOf({ active: null })).not.toMatch(usesIndex); // also matches a missing field
  });

  test('when updates, deletes and findOneAndUpdate filter by an index, they change the same rows', async () => {
    const filter = { courseId: course(11), userId: user(11) };
    const expected = await emailsOf(fullScanOf(filter));
    const updated = await docs.updateMany(filter, { $set: { reviewed: true } });
    expect(updated.matchedCount).toBe(expected.length);
    expect(await emailsOf({ reviewed: true })).toEqual(expected);
    const taken = await docs.findOneAndUpdate(
      { email: 'student11@example.org' },
      { $set: { reviewed: false } },
    );
    expect(taken?.email).toBe('student11@example.org');
    const deleted = await docs.deleteMany({ tags: 'ipv6', courseId: course(15) });
    expect(deleted.deletedCount).toBe(64);
    expect(await docs.countDocuments(fullScanOf({ tags: 'ipv6', courseId: course(15) }))).toBe(0);
  });

  test('when one update command carries 150 statements, it answers and the store keeps working', async () => {
    const bulk = db.collection('bulk');
    await bulk.insertMany(Array.from({ length: 150 }, (_, i) => ({ _id: i, n: 0 }) as never));
    const statements = Array.from({ length: 150 }, (_, i) => ({
      updateOne: { filter: { _id: i }, update: { $inc: { n: 1 } } },
    }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer after 20 s')), 20000);
    });
    const result = await Promise.race([bulk.bulkWrite(statements as never), timeout]).finally(() =>
      clearTimeout(timer),
    );
    expect(result.modifiedCount).toBe(150);
    expect(await bulk.countDocuments({ n: 1 })).toBe(150);
  }, 30000);
});
