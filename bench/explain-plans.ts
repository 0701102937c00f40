// The plans of the five heaviest queries behind the benchmarked pages, as the database explains
// them (bench/explain-plans.json). On MongoDB each should name its index (IXSCAN). On FerretDB
// (SQLite) an `_id` lookup shows `SEARCH ... USING INDEX ..__id_` (with the launcher's patch, see
// README) and anything else `SCAN`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose, { type Types } from 'mongoose';
import { awardIdOf } from '../badges/awards/award.service';
import { moduleProgressId } from '../courses';
import { projectRoot } from '../platform/paths';

export async function explainHeaviestQueries(ids: {
  student: Types.ObjectId;
  course: Types.ObjectId;
  module: Types.ObjectId;
  publicId: string;
  email: string;
}): Promise<{ query: string; plan: unknown }[]> {
  const db = mongoose.connection.db!;
  const queries: { query: string; collection: string; filter: object }[] = [
    {
      query: 'dashboard, player, quiz submit: the learner record',
      collection: 'learner_records',
      filter: { _id: ids.student },
    },
    {
      query: 'player, done, quiz submit: a module’s progress row (upserted)',
      collection: 'moduleprogresses',
      filter: { _id: moduleProgressId(ids.student, ids.module) },
    },
    {
      query: 'dashboard, player: a course by id',
      collection: 'courses',
      filter: { _id: ids.course },
    },
    {
      query: 'badge page and verify: an award by its public id',
      collection: 'awards',
      filter: { _id: awardIdOf(ids.publicId) },
    },
    {
      query: 'login, password reset: the email’s key (then the user by _id, known or not)',
      collection: 'user_emails',
      filter: { _id: ids.email },
    },
  ];
  const plans = [];
  for (const { query, collection, filter } of queries) {
    const plan = await db.command({
      explain: { find: collection, filter },
      verbosity: 'queryPlanner',
    });
    plans.push({ query, plan });
  }
  writeFileSync(
    path.join(projectRoot, 'bench/explain-plans.json'),
    `${JSON.stringify(plans, null, 2)}\n`,
  );
  return plans;
}
