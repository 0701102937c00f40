// Which queries a request sends: a test fails when a path meant to read by _id sends a per-student
// collection any other filter (FerretDB, the dev and test store, scans the collection for those).
import mongoose, { Types } from 'mongoose';

/** Collections with a row per student (or more): on FerretDB, any filter but {_id} scans them. */
const perStudent = new Set([
  'users',
  'enrollments',
  'moduleprogresses',
  'completions',
  'quizattempts',
  'activeperiods',
  'learner_records',
  'awards',
  'certificates',
]);

/**
 * Every filter sent to those collections (and to `alsoIn`) while `act` runs that is not an exact
 * {_id: X}.
 */
export async function filtersNotByIdDuring(
  act: () => Promise<unknown>,
  alsoIn: string[] = [],
): Promise<string[]> {
  const watched = new Set([...perStudent, ...alsoIn]);
  const scans: string[] = [];
  const isIdOnly = (filter: unknown) => {
    if (!filter || typeof filter !== 'object') return false;
    const keys = Object.keys(filter);
    const id = (filter as { _id?: unknown })._id;
    return (
      keys.length === 1 &&
      keys[0] === '_id' &&
      (id instanceof Types.ObjectId || typeof id === 'string')
    );
  };
  const filtersOf = (method: string, args: unknown[]): unknown[] => {
    if (method.startsWith('insert') || method === 'createIndex') return [];
    if (method === 'bulkWrite')
      return (args[0] as Record<string, { filter?: unknown }>[]).flatMap((operation) =>
        Object.values(operation).flatMap((body) => ('filter' in body ? [body.filter] : [])),
      );
    if (method === 'distinct') return [args[1]];
    if (method === 'aggregate') return ['an aggregation'];
    return [args[0]];
  };
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    if (!watched.has(collection)) return;
    for (const filter of filtersOf(method, args))
      if (!isIdOnly(filter)) scans.push(`${collection}.${method} ${JSON.stringify(filter)}`);
  });
  try {
    await act();
  } finally {
    mongoose.set('debug', false);
  }
  return scans;
}
