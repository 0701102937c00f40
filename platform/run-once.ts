// One-off changes to existing data, run at start-up once per database: a row in `migrations`
// marks each one done. Processes starting together may both run one, so each must be idempotent.
import { Schema, model } from 'mongoose';
import type { Logger } from './logger';

const migrationSchema = new Schema(
  { _id: { type: String }, doneAt: { type: Date, required: true } },
  { collection: 'migrations', versionKey: false },
);

export const MigrationModel = model('Migration', migrationSchema);

export async function runOnce(
  name: string,
  logger: Logger,
  change: () => Promise<unknown>,
): Promise<void> {
  if (await MigrationModel.exists({ _id: name })) return;
  const started = Date.now();
  const result = await change();
  await MigrationModel.updateOne(
    { _id: name },
    { $setOnInsert: { doneAt: new Date() } },
    { upsert: true },
  );
  logger.info({ migration: name, result, ms: Date.now() - started }, 'migration done');
}
