// The access matrix: every route the app answers (read from Express's own router, see
// support/route-table.ts) × six people → the outcome access-rules.ts expects. A route without a
// rule fails, a rule without a route fails, a 5xx fails. Run with ACCESS_MATRIX_RECORD=<file> to
// write what each route answers today (a starting point for a new route's rule, to be read, not
// pasted).
import { writeFileSync } from 'node:fs';
import request from 'supertest';
import { arrangeEveryRole, fillPath, type Session } from '../support/every-role';
import { appRoutes, type AppRoute } from '../support/route-table';
import { startTestCampus, type TestCampus } from '../support/test-campus';
import { accessRules, actors, type Outcome } from './access-rules';

let campus: TestCampus;
beforeAll(async () => {
  // Zoom's webhook exists only where Zoom is configured (never called here).
  campus = await startTestCampus({
    ZOOM_ACCOUNT_ID: 'matrix',
    ZOOM_CLIENT_ID: 'matrix',
    ZOOM_CLIENT_SECRET: 'matrix',
    ZOOM_WEBHOOK_SECRET: 'matrix-webhook-secret',
  });
  campus.startWorker();
});
afterAll(() => campus.close());

function outcomeOf(path: string, response: request.Response): Outcome | 'error' {
  const location = String(response.headers.location);
  if (response.status >= 500) return 'error';
  if (response.status === 401) return 'unauthenticated';
  if (response.status === 302 && location.startsWith('/login')) return 'unauthenticated';
  // The player sends someone not enrolled to the course page, which offers to enroll.
  if (response.status === 302 && path.startsWith('/learn/') && location.startsWith('/courses/'))
    return 'toCoursePage';
  if (response.status === 403) return 'forbidden';
  if (response.status === 404) return 'hidden';
  return 'in';
}

function send(session: Session, route: AppRoute, path: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const call = session.agent[method](path).redirects(0);
  if (method === 'get') return call;
  // An empty body: the access check must answer before validation does.
  return call.set('x-csrf-token', session.csrf).send({});
}

test('every route answers each kind of person as its rule says', async () => {
  const fixture = await arrangeEveryRole(campus);
  const routes = appRoutes(campus.app);

  // Routes that end a session or change keys go last, so the rest runs with the fixture intact.
  const ordered = [...routes].sort(
    (a, b) =>
      Number(accessRules[`${a.method} ${a.path}`]?.last ?? false) -
      Number(accessRules[`${b.method} ${b.path}`]?.last ?? false),
  );
  const observed: string[] = [];
  const mismatches: string[] = [];
  for (const route of ordered) {
    const key = `${route.method} ${route.path}`;
    const rule = accessRules[key];
    // The six people at once: each acts on their own spare module, enrolment and session.
    const cells = await Promise.all(
      actors.map(async (actor) => {
        const path = fillPath(route.path, fixture.params(route, actor));
        const session = rule?.freshSession
          ? await fixture.newSession(actor)
          : fixture.sessions[actor];
        const response = await send(session, route, path);
        const outcome = outcomeOf(path, response);
        if (rule && outcome !== rule.expect[actor])
          mismatches.push(
            `${key} as ${actor}: expected ${rule.expect[actor]}, got ${response.status} (${outcome})`,
          );
        const location = response.status === 302 ? `>${response.headers.location}` : '';
        return `${actor}=${response.status}${location}`;
      }),
    );
    observed.push(`${key}  ${cells.join(' ')}`);
  }
  if (process.env.ACCESS_MATRIX_RECORD)
    writeFileSync(process.env.ACCESS_MATRIX_RECORD, observed.join('\n') + '\n');
  const keys = routes.map((route) => `${route.method} ${route.path}`);
  expect(keys.filter((key) => !(key in accessRules))).toEqual([]); // a route with no rule
  expect(Object.keys(accessRules).filter((key) => !keys.includes(key))).toEqual([]); // a stale rule
  expect(mismatches).toEqual([]);
}, 120_000);
