// The plans of the heaviest queries behind the benchmarked pages, as the database explains them
// (bench/explain-plans.json). Each should be an index search: IXSCAN on MongoDB, `SEARCH ...
// USING INDEX` on the dev store (tools/ferretdb/patches/02-index-pushdown.patch).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose, { type Types } from 'mongoose';
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
      query: 'dashboard, player: the student’s enrolments',
      collection: 'enrollments',
      filter: { student: ids.student },
    },
    {
      query: 'dashboard, player, done: the modules the student completed in a course',
      collection: 'moduleprogresses',
      filter: { student: ids.student, course: ids.course, completedAt: { $exists: true } },
    },
    {
      query: 'player, done, quiz submit: a module’s progress row (upserted by its natural id)',
      collection: 'moduleprogresses',
      filter: { _id: moduleProgressId(ids.student, ids.module) },
    },
    {
      query: 'dashboard, completion checks: the student’s completions',
      collection: 'completions',
      filter: { student: ids.student },
    },
    {
      query: 'dashboard: the student’s published courses',
      collection: 'courses',
      filter: { _id: { $in: [ids.course] }, status: 'published' },
    },
    {
      query: 'badge page and verify: an award by its public id',
      collection: 'awards',
      filter: { publicId: ids.publicId },
    },
    {
      query: 'login, password reset: the account by email',
      collection: 'users',
      filter: { email: ids.email },
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
