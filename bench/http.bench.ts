// Benchmark: the campus over HTTP, as users load it, on BENCH_SCALE × the modelled campus. The web
// process runs as in production (dist/server/main.js), the floors in a process of their own
// (floor-servers.ts), and autocannon drives both from this one, on 127.0.0.1. Each scenario runs
// at 10 and 64 connections and is reported as req/s, p50/p99 latency, errors, and its ratio to
// its floor: each page to bare Express rendering its own template from static data, API calls to
// a bare node:http JSON reply, the login to that reply after one argon2id password check.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import request from 'supertest';
import { createUser } from '../accounts';
import { AwardModel } from '../badges/awards/award.model';
import { CourseModel } from '../courses/catalog/course.model';
import { enrollInCourse } from '../courses/enrollment/enrollment.service';
import { markModuleDone } from '../courses/progress/progress.service';
import { createMailTransport } from '../mail';
import { closeStores, connectStores } from '../server/bootstrap';
import { loadConfig } from '../platform/config';
import { allJobs } from '../server/jobs';
import { createLogger } from '../platform/logger';
import { projectRoot } from '../platform/paths';
import { levelWithBadge } from '../test/support/badges';
import { explainHeaviestQueries } from './explain-plans';
import type { FloorPage, FloorPages } from './floor-servers';
import { generateScaleCampus } from './scale-data';

export interface HttpResult {
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  errorKinds: string;
  /** A page's own template from static data, a bare JSON reply, or that with a password check. */
  floor: Floor;
  floorRequestsPerSecond: number;
  floorP99: number;
  ratio: number;
}

type Floor = FloorPage | 'json' | 'kdf';

const password = 'bench password 1234';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer in 30 s`);
}

/** Until the campus answers its health check within 100 ms again (at most a minute). */
async function waitUntilIdle(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const started = Date.now();
    await fetch(url).catch(() => undefined);
    if (Date.now() - started < 100) return;
  }
}

/** Logs in through the API as a client would: its agent, session cookie and CSRF token. */
async function logIn(base: string, email: string) {
  const agent = request.agent(base);
  const first = (await agent.get('/api/v1/auth/csrf')).body.csrfToken as string;
  const login = await agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', first)
    .send({ email, password });
  if (login.status !== 200) throw new Error(`bench login of ${email}: ${login.status}`);
  return {
    agent,
    csrf: login.body.csrfToken as string,
    cookie: cookieHeaderOf(login.headers['set-cookie']),
  };
}

/** The Cookie header a browser would send back: the session and the CSRF token's cookie. */
function cookieHeaderOf(setCookie: string | string[] | undefined): string {
  return ([] as string[])
    .concat(setCookie ?? [])
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

interface Scenario {
  name: string;
  floor: Floor;
  options: Partial<autocannon.Options>;
}

async function cannon(url: string, connections: number, options: Partial<autocannon.Options>) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  // A sequence (a login: a CSRF token, then the password) counts its last request's 2xx answers:
  // the quick first steps still answered when the run ends would otherwise count as work done.
  let sequencesDone = 0;
  type OnResponse = (status: number, body: string, context: object, headers?: object) => void;
  const requests = options.requests?.map((step, index, all) => {
    if (index < all.length - 1) return step;
    const own = (step as { onResponse?: OnResponse }).onResponse;
    const onResponse: OnResponse = (status, body, context, headers) => {
      if (status >= 200 && status < 300) sequencesDone += 1;
      own?.(status, body, context, headers);
    };
    return { ...step, onResponse } as typeof step;
  });
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...options,
    ...(requests && { requests }),
  });
  return {
    // Answers that did the work: a 503 shed under overload is fast, and is no throughput.
    requestsPerSecond:
      (requests && requests.length > 1 ? sequencesDone : result['2xx']) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon counts timeouts among its errors.
    errors: result.errors + result.non2xx,
    /** What the errors were: "409×12 timeout×3". */
    errorKinds: [
      ...Object.entries(
        (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
      )
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => `${status}×${count}`),
      ...(result.timeouts ? [`timeout×${result.timeouts}`] : []),
      ...(result.errors - result.timeouts > 0 ? [`socket×${result.errors - result.timeouts}`] : []),
    ].join(' '),
  };
}

export async function benchHttp(): Promise<HttpResult[]> {
  const scale = Number(process.env.BENCH_SCALE ?? 100);
  const database = `bench_http_${process.pid}`;
  const prefix = `bench-http-${process.pid}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_DB: database,
    REDIS_PREFIX: prefix,
    // The benchmark logs in and verifies thousands of times from one address.
    LOGIN_RATE_LIMIT: '1000',
    VERIFY_RATE_LIMIT: '100000',
    // The bench admin only arranges data; staff two-factor is tested in the suite.
    STAFF_TWO_FACTOR: 'false',
  };
  const config = loadConfig(env);
  const logger = createLogger(config);
  const context = await connectStores(config, logger);
  const children: ChildProcess[] = [];
  try {
    process.stderr.write(`HTTP scenarios at ${scale}× the campus\n`);
    await generateScaleCampus(scale);

    // The campus, as production runs it.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const web = spawn('node', [path.join(projectRoot, 'dist/server/main.js')], {
      env: { ...env, PORT: String(port), BASE_URL: base },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(web);
    await waitForHttp(`${base}/healthz`, web);

    // A student enrolled in a course with lessons and a quiz, holding a real badge.
    const student = await createUser({
      email: 'bench.student@example.org',
      password,
      displayName: 'Bench Student',
      language: 'en',
      roles: ['student'],
      // A badge names a confirmed email only (an unconfirmed holder's award waits for it).
      emailConfirmed: true,
    });
    await createUser({
      email: 'bench.admin@example.org',
      password,
      displayName: 'Bench Admin',
      language: 'en',
      roles: ['admin'],
    });
    const admin = await logIn(base, 'bench.admin@example.org');
    const { course: badgeCourse } = await levelWithBadge(admin, 'bench');
    const jobs = context;
    context.jobs.process(
      allJobs,
      {
        config,
        mailTransport: createMailTransport(config.mail),
        jobs: context.jobs,
        events: context.events,
      },
      logger,
    );
    await enrollInCourse(jobs, student.id as string, badgeCourse.slug);
    await markModuleDone(
      jobs,
      student.id as string,
      badgeCourse.slug,
      String(badgeCourse.modules[0]!._id),
    );
    let award = null;
    for (let wait = 0; !award && wait < 300; wait += 1) {
      award = await AwardModel.findOne({ student: student._id }).lean();
      if (!award) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!award) throw new Error('the bench student’s badge was not issued in 30 s');
    const course = (await CourseModel.findOne({ slug: 'scale-course-1' }).lean())!;
    await enrollInCourse(jobs, student.id as string, course.slug);
    const lesson = course.modules.find((m) => m.kind === 'lesson')!;
    const quiz = course.modules.find((m) => m.kind === 'quiz')!;
    const answers = {
      answers: {
        [String(quiz.quiz!.questions[0]!._id)]: String(quiz.quiz!.questions[0]!.options[0]!._id),
      },
    };

    const { cookie } = await logIn(base, 'bench.student@example.org');
    // Quiz submissions come from many students: one student's attempts are numbered one after
    // another, and concurrent submissions of the same attempt are refused (409) by design.
    const quizTakers: { cookie: string; csrf: string }[] = [];
    for (let index = 0; index < 64; index++) {
      const email = `bench.quiz.${index}@example.org`;
      const taker = await createUser({
        email,
        password,
        displayName: `Quiz taker ${index}`,
        language: 'en',
        roles: ['student'],
      });
      await enrollInCourse(jobs, taker.id as string, course.slug);
      const session = await logIn(base, email);
      quizTakers.push({ cookie: session.cookie, csrf: session.csrf });
    }
    let nextTaker = 0;

    // The floors: each page's own template, with the data of the pages benchmarked here.
    const floorPages: FloorPages = {
      studentId: student.id as string,
      courseSlug: course.slug,
      lessonId: String(lesson._id),
      publicId: award.publicId,
    };
    const floors = spawn(
      'node',
      [path.join(projectRoot, 'dist/bench/floor-servers.js'), JSON.stringify(floorPages)],
      { env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(floors);
    const [line] = (await once(createInterface({ input: floors.stdout! }), 'line')) as [string];
    const floorPorts = JSON.parse(line) as { page: number; json: number };
    const floorUrl = (floor: Floor) =>
      floor === 'json' || floor === 'kdf'
        ? `http://127.0.0.1:${floorPorts.json}/${floor === 'kdf' ? 'kdf' : ''}`
        : `http://127.0.0.1:${floorPorts.page}/${floor}`;

    const signedIn = { headers: { cookie } };
    const scenarios: Scenario[] = [
      { name: 'catalog page', floor: 'catalog', options: { url: `${base}/courses` } },
      { name: 'course page', floor: 'course', options: { url: `${base}/courses/${course.slug}` } },
      {
        name: 'student dashboard',
        floor: 'dashboard',
        options: { url: `${base}/dashboard`, ...signedIn },
      },
      {
        name: 'course player',
        floor: 'player',
        options: { url: `${base}/learn/${course.slug}/modules/${String(lesson._id)}`, ...signedIn },
      },
      {
        name: 'quiz submit (API)',
        floor: 'json',
        options: {
          url: `${base}/api/v1/me/courses/${course.slug}/modules/${String(quiz._id)}/quiz-attempts`,
          requests: [
            {
              method: 'POST',
              // The students in turn. autocannon resets its per-connection context on every
              // loop, so a student whose last attempt is still being recorded may be sent again:
              // that second submission of the same attempt gets 409, by design.
              setupRequest: (req) => {
                const taker = quizTakers[nextTaker++ % quizTakers.length]!;
                return {
                  ...req,
                  headers: {
                    ...req.headers,
                    cookie: taker.cookie,
                    'x-csrf-token': taker.csrf,
                    'content-type': 'application/json',
                  },
                  body: JSON.stringify(answers),
                };
              },
            },
          ],
        },
      },
      {
        name: 'public badge page',
        floor: 'badge',
        options: { url: `${base}/badges/assertions/${award.publicId}` },
      },
      {
        name: 'verify API (our credential)',
        floor: 'json',
        options: {
          url: `${base}/api/v1/verify?credential=${encodeURIComponent(`${base}/badges/credentials/${award.publicId}`)}`,
        },
      },
      {
        // Each login: a CSRF token for a new session, then the password check (argon2id).
        name: 'login (API)',
        floor: 'kdf',
        options: {
          url: base,
          requests: [
            {
              method: 'GET',
              path: '/api/v1/auth/csrf',
              onResponse: (_status, body, state, headers) => {
                const context = state as Record<string, unknown>;
                // autocannon keeps the header names as sent (Set-Cookie).
                const setCookie = Object.entries(headers ?? {}).find(
                  ([name]) => name.toLowerCase() === 'set-cookie',
                )?.[1];
                context.cookie = cookieHeaderOf(setCookie as string | string[] | undefined);
                context.token = (JSON.parse(body) as { csrfToken: string }).csrfToken;
              },
            },
            {
              method: 'POST',
              path: '/api/v1/auth/login',
              setupRequest: (req, state) => ({
                ...req,
                headers: {
                  ...req.headers,
                  cookie: String((state as Record<string, unknown>).cookie),
                  'x-csrf-token': String((state as Record<string, unknown>).token),
                  'content-type': 'application/json',
                },
                body: JSON.stringify({ email: 'bench.student@example.org', password }),
              }),
            },
          ],
        },
      },
    ];

    const results: HttpResult[] = [];
    for (const connections of [10, 64]) {
      const floorRuns = new Map<Floor, Awaited<ReturnType<typeof cannon>>>();
      for (const floor of new Set(scenarios.map((scenario) => scenario.floor)))
        floorRuns.set(floor, await cannon(floorUrl(floor), connections, {}));
      for (const scenario of scenarios) {
        process.stderr.write(`  ${scenario.name} at ${connections} connections...\n`);
        const measured = await cannon(String(scenario.options.url), connections, scenario.options);
        // Requests still queued in the campus would load the next scenario: wait them out.
        await waitUntilIdle(`${base}/healthz`);
        results.push({
          scenario: scenario.name,
          connections,
          ...measured,
          floor: scenario.floor,
          floorRequestsPerSecond: floorRuns.get(scenario.floor)!.requestsPerSecond,
          floorP99: floorRuns.get(scenario.floor)!.p99,
          ratio: measured.requestsPerSecond / floorRuns.get(scenario.floor)!.requestsPerSecond,
        });
      }
    }
    const plans = await explainHeaviestQueries({
      student: student._id,
      course: course._id,
      module: lesson._id,
      publicId: award.publicId,
      email: 'bench.student@example.org',
    });
    for (const { query, plan } of plans)
      process.stderr.write(`  plan: ${query}: ${JSON.stringify(plan).slice(0, 300)}\n`);
    return results;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    const { default: mongoose } = await import('mongoose');
    await mongoose.connection.db?.dropDatabase();
    await closeStores(context);
  }
}
