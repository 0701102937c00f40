// The dev and test store claims a document once, as MongoDB does (per-document atomicity): of
// many guarded updates racing on one document, one matches. The campus relies on it to use a
// password-reset or email-confirmation link once; FerretDB v1.24.2 let every racer through until
// tools/ferretdb/patches/04-atomic-document-writes.patch. Through the wire protocol, many
// connections at once, as separate web processes would.
import mongoose from 'mongoose';

const { MongoClient } = mongoose.mongo;
const racers = 12;

let clients: mongoose.mongo.MongoClient[];
let links: mongoose.mongo.Collection[];

beforeAll(async () => {
  if (!process.env.MONGODB_URI) throw new Error('MONGODB_URI is not set: run with `npm test`');
  clients = await Promise.all(
    Array.from({ length: racers }, () => MongoClient.connect(process.env.MONGODB_URI!)),
  );
  const name = `dev_store_atomicity_${process.pid}`;
  links = clients.map((client) => client.db(name).collection('links'));
});
afterAll(async () => {
  await clients[0]!.db(`dev_store_atomicity_${process.pid}`).dropDatabase();
  await Promise.all(clients.map((client) => client.close()));
});

test('findOneAndUpdate guarded by the field it sets: one racer of twelve gets the document', async () => {
  for (let round = 0; round < 5; round++) {
    const { insertedId } = await links[0]!.insertOne({ usedAt: null, round });
    const claims = await Promise.all(
      links.map((collection) =>
        collection.findOneAndUpdate(
          { _id: insertedId, usedAt: null },
          { $set: { usedAt: new Date() } },
        ),
      ),
    );
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
  }
});

test('updateOne with the same guard: one racer modifies it, and $inc loses no increment', async () => {
  const { insertedId } = await links[0]!.insertOne({ usedAt: null, count: 0 });
  const updates = await Promise.all(
    links.map((collection) =>
      collection.updateOne({ _id: insertedId, usedAt: null }, { $set: { usedAt: new Date() } }),
    ),
  );
  expect(updates.reduce((sum, update) => sum + update.modifiedCount, 0)).toBe(1);
  await Promise.all(
    links.map((collection) => collection.updateOne({ _id: insertedId }, { $inc: { count: 1 } })),
  );
  expect((await links[0]!.findOne({ _id: insertedId }))!.count).toBe(racers);
});

test('deleteOne racing on one document: one racer deletes it', async () => {
  const { insertedId } = await links[0]!.insertOne({ doomed: true });
  const deletions = await Promise.all(
    links.map((collection) => collection.deleteOne({ _id: insertedId })),
  );
  expect(deletions.reduce((sum, deletion) => sum + deletion.deletedCount, 0)).toBe(1);
});
