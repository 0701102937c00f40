// Which queries a request sends to the per-student collections, and whether the database answers
// each through an index: a test fails when a path sends a filter the store can only answer by
// scanning the collection (SQLite's SCAN on the dev store, COLLSCAN on MongoDB).
import mongoose from 'mongoose';

/** Collections with a row per student (or more). */
const perStudent = new Set([
  'users',
  'enrollments',
  'moduleprogresses',
  'completions',
  'quizattempts',
  'activeperiods',
  'awards',
  'certificates',
]);

// The dev store's explain carries SQLite's plan (tools/ferretdb/patches/02-index-pushdown.patch);
// MongoDB's names its index stages.
const indexSearch = /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|IXSCAN|IDHACK|COUNT_SCAN/;

interface SentQuery {
  collection: string;
  method: string;
  filter?: object;
  pipeline?: object[];
}

/**
 * Every query sent to those collections (and to `alsoIn`) while `act` runs whose plan is not an
 * index search, as "collection.method filter".
 */
export async function queriesWithoutIndexDuring(
  act: () => Promise<unknown>,
  alsoIn: string[] = [],
): Promise<string[]> {
  const watched = new Set([...perStudent, ...alsoIn]);
  const sent: SentQuery[] = [];
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    if (!watched.has(collection)) return;
    sent.push(...queriesOf(collection, method, args));
  });
  try {
    await act();
  } finally {
    mongoose.set('debug', false);
  }
  const withoutIndex: string[] = [];
  for (const query of sent) {
    const plan = await planOf(query);
    if (!indexSearch.test(plan))
      withoutIndex.push(
        `${query.collection}.${query.method} ${JSON.stringify(query.filter ?? query.pipeline)}`,
      );
  }
  return withoutIndex;
}

function queriesOf(collection: string, method: string, args: unknown[]): SentQuery[] {
  if (method.startsWith('insert') || method.endsWith('Index') || method.endsWith('Indexes'))
    return [];
  if (method === 'bulkWrite')
    return (args[0] as Record<string, { filter?: object }>[]).flatMap((operation) =>
      Object.values(operation).flatMap((body) =>
        body.filter ? [{ collection, method, filter: body.filter }] : [],
      ),
    );
  if (method === 'aggregate') return [{ collection, method, pipeline: args[0] as object[] }];
  if (method === 'distinct') return [{ collection, method, filter: (args[1] as object) ?? {} }];
  return [{ collection, method, filter: (args[0] as object) ?? {} }];
}

/** The plan of the query's filter (as a find: an update or a count picks its rows the same way). */
async function planOf(query: SentQuery): Promise<string> {
  const db = mongoose.connection.db!;
  const explain = query.pipeline
    ? { aggregate: query.collection, pipeline: query.pipeline, cursor: {} }
    : { find: query.collection, filter: query.filter };
  const answer = await db.command({ explain, verbosity: 'queryPlanner' });
  return JSON.stringify(answer.queryPlanner ?? answer.stages ?? answer);
}
