// MongoDB through mongoose. Production points MONGODB_URI at MongoDB; dev and tests at FerretDB,
// so every query and index here stays inside what both support (see shared/design/ferretdb-facts.md).
import mongoose, { type Model } from 'mongoose';
import type { Config } from './config';

export async function connectDatabase(
  config: Pick<Config, 'mongodbUri' | 'mongodbDb'>,
): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  // While disconnected, mongoose holds queries for a reconnect: 2 s, not the default 10.
  mongoose.set('bufferTimeoutMS', 2000);
  try {
    await mongoose.connect(config.mongodbUri, {
      dbName: config.mongodbDb,
      // Fail fast when the database is away (the defaults wait 30 s and 10 s): a request then
      // gets a 503 within about 2 s, and a job fails and is retried by bull.
      serverSelectionTimeoutMS: 2000,
      heartbeatFrequencyMS: 2000,
      // Indexes are created explicitly by ensureIndexes() so a failure stops start-up loudly.
      autoIndex: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot reach MongoDB at ${redactUri(config.mongodbUri)}: ${reason}`, {
      cause: error,
    });
  }
  return mongoose;
}

/** Creates the indexes these models declare (unique keys carry idempotency). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of any schema
export async function ensureIndexes(models: ReadonlyArray<Model<any>>): Promise<void> {
  for (const model of models) {
    // Fails when the collection exists already, which is the usual case after the first start.
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}

/** Drops a collection a component no longer keeps, where a database still has it; idempotent. */
export async function dropCollectionIfPresent(name: string): Promise<{ dropped: boolean }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const found = await db.listCollections({ name }, { nameOnly: true }).toArray();
  if (found.length === 0) return { dropped: false };
  await db.dropCollection(name);
  return { dropped: true };
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
