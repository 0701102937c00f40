// The plans of the five heaviest queries behind the benchmarked pages, as the database explains
// them (bench/explain-plans.json). On MongoDB each should name its index (IXSCAN); FerretDB v1 on
// SQLite reports whether it pushed the filter down to SQL, and otherwise scans the collection.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose, { type Types } from 'mongoose';
import { projectRoot } from '../server/paths';

export async function explainHeaviestQueries(ids: {
  student: Types.ObjectId;
  course: Types.ObjectId;
  publicId: string;
}): Promise<{ query: string; plan: unknown }[]> {
  const db = mongoose.connection.db!;
  const queries: { query: string; collection: string; filter: object }[] = [
    {
      query: 'dashboard: a student’s enrolments',
      collection: 'enrollments',
      filter: { student: ids.student, status: 'active' },
    },
    {
      query: 'player and dashboard: a student’s progress in a course',
      collection: 'moduleprogresses',
      filter: { student: ids.student, course: ids.course },
    },
    {
      query: 'dashboard: a student’s completions',
      collection: 'completions',
      filter: { student: ids.student },
    },
    {
      query: 'badge page and verify: an award by its public id',
      collection: 'awards',
      filter: { publicId: ids.publicId },
    },
    {
      query: 'quiz submit: attempts so far',
      collection: 'quizattempts',
      filter: { student: ids.student },
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
