// Cross-site scripting: a hostile string is planted in every name, title, body, quiz text, badge
// text and attendance participant name the fixture has, then every page the route table lists is
// fetched as each kind of person; none may carry the string unescaped. A browser then opens the
// pages that print the most of it and no script of the string runs. And no HTML view prints with
// <%- except to include a partial (trusted HTML is a SafeHtml, decided in code: platform/safe-html.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OutboundEmailModel } from '../../mail/outbound-email.model';
import { viewsDir } from '../../platform/paths';
import { launchBrowser, serve } from '../support/browser';
import { arrangeEveryRole, fillPath } from '../support/every-role';
import { testPassword } from '../support/factories';
import { appRoutes } from '../support/route-table';
import { startTestCampus, type TestCampus } from '../support/test-campus';
import { actors } from './access-rules';
import { viewFiles } from '../support/views';

const hostile = `"'><script>window.__xss=1</script><img src=x onerror=window.__xss=2>`;
/** What an unescaped copy would leave in the HTML: either tag, as a tag. */
const unescaped = /<script>window\.__xss|<img src=x onerror/;

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

test('no HTML view prints unescaped output except to include a partial', () => {
  const offending: string[] = [];
  // Plain-text emails (.txt.ejs) are not HTML: escaping would print &amp; to the reader.
  for (const file of viewFiles().filter((name) => !name.endsWith('.txt.ejs'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/<%-(?!\s*include\()[^%]*%>/g))
      offending.push(`${path.relative(viewsDir, file)}: ${match[0]}`);
  }
  expect(offending).toEqual([]);
});

const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

test('a hostile string in every text field stays inert on every page, for every kind of person', async () => {
  const fixture = await arrangeEveryRole(campus, hostile);
  // A participant nobody matched, with the hostile name, for the reconciliation pages.
  const instructor = fixture.sessions.instructor;
  const live = fixture.params(
    { method: 'GET', path: '/teach/courses/:slug/live-sessions/:moduleId/reconcile' },
    'instructor',
  );
  await instructor.agent
    .post(
      `/api/v1/authoring/courses/${live.slug}/live-sessions/${live.moduleId}/attendance-imports`,
    )
    .set('x-csrf-token', instructor.csrf)
    .attach(
      'file',
      Buffer.from(
        `name,email,join,leave\n"${hostile.replace(/"/g, '""')}",,2026-01-10T14:00:00Z,2026-01-10T15:00:00Z\n`,
      ),
      'attendance.csv',
    )
    .expect(200);

  const pages = appRoutes(campus.app).filter((route) => route.method === 'GET');
  const leaks: string[] = [];
  const escapedOn = new Set<string>();
  for (const route of pages)
    for (const actor of actors) {
      const url = fillPath(route.path, fixture.params(route, actor));
      // As a browser asks: hosted badge documents answer HTML only to a client that prefers it.
      const response = await fixture.sessions[actor].agent
        .get(url)
        .set('Accept', browserAccept)
        .redirects(0)
        .buffer(true);
      const type = String(response.headers['content-type'] ?? '');
      if (!/text\/html|image\/svg\+xml/.test(type)) continue;
      const body = response.text ?? String(response.body);
      if (unescaped.test(body)) leaks.push(`${route.path} as ${actor}`);
      if (body.includes('&lt;script&gt;window.__xss') || body.includes('&#60;script&#62;'))
        escapedOn.add(route.path);
    }
  expect(leaks).toEqual([]);
  // The string did reach the pages (so the check above looked at something): catalog, player,
  // teaching, badges, reconciliation and admin pages among them.
  for (const page of [
    '/courses/:slug',
    '/learn/:slug/modules/:moduleId',
    '/teach/courses/:slug',
    '/teach/courses/:slug/live-sessions/:moduleId/reconcile',
    '/badges/assertions/:publicId',
    '/badges',
    '/dashboard',
    '/admin/students/:studentId',
  ])
    expect([...escapedOn]).toContain(page);
  expect(escapedOn.size).toBeGreaterThan(20);

  // Emails carry the names too: their HTML escapes them.
  const emails = await OutboundEmailModel.find({}).lean();
  expect(emails.length).toBeGreaterThan(0);
  for (const email of emails) expect(String(email.html)).not.toMatch(unescaped);

  // And in a browser, nothing of it runs.
  const browser = await launchBrowser();
  const server = await serve(campus.app);
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name=email]', fixture.people.student.email);
    await page.fill('input[name=password]', testPassword);
    await Promise.all([page.waitForURL(/dashboard/), page.click('form button[type=submit]')]);
    const visits = [
      '/dashboard',
      fillPath(
        '/courses/:slug',
        fixture.params({ method: 'GET', path: '/courses/:slug' }, 'student'),
      ),
      fillPath(
        '/learn/:slug/modules/:moduleId',
        fixture.params({ method: 'GET', path: '/learn/:slug/modules/:moduleId' }, 'student'),
      ),
      '/badges',
    ];
    for (const visit of visits) {
      await page.goto(`${server.url}${visit}`);
      expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.content()).toContain('window.__xss=1'); // shown as text
    }
  } finally {
    await browser.close();
    await server.close();
  }
}, 120_000);
