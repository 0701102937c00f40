// axe-core in Chromium on the main pages, as a visitor, a student, an instructor and an admin,
// with the demo campus seeded: a serious or critical WCAG 2.1 A/AA violation fails the test.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { demoPassword } from '../../server/demo-data';
import { type BrowserCampus, logInAs, startBrowserCampus } from '../support/browser';

// axe on a page takes seconds while other suites share the CPU: each test gets 90 s.
jest.setTimeout(90_000);

let browser: Browser;
let site: BrowserCampus['site'];
let stop: (() => Promise<void>) | undefined;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  ({ site, browser, close: stop } = await startBrowserCampus({ seed: true }));
});
afterAll(() => stop?.());

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe's serious and critical findings on the page, as lines a person can act on. */
async function seriousViolations(page: Page, path: string): Promise<string[]> {
  await page.goto(`${site.url}${path}`);
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) stays on.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(() =>
    (
      globalThis as unknown as {
        axe: { run: (options: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe
      .run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((result) => result.violations),
  )) as Violation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${path}: ${violation.id} (${violation.help}) at ${violation.nodes
          .map((node) => node.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

async function check(paths: string[], email?: string) {
  const page = await browser.newPage();
  if (email) await logInAs(page, site.url, email, demoPassword);
  const found: string[] = [];
  for (const path of paths) found.push(...(await seriousViolations(page, path)));
  await page.close();
  return found;
}

test('public pages: catalog, course, login, registration, verification', async () => {
  expect(
    await check([
      '/',
      '/specializations',
      '/courses',
      '/courses?q=dnsesc',
      '/courses/ipv6-fundamentals',
      '/badges/achievements/isp-network-operation-basic',
      '/login',
      '/register',
      '/password/forgot',
      '/verify',
    ]),
  ).toEqual([]);
});

test('a student’s pages: dashboard, player, badges, profile', async () => {
  expect(
    await check(
      ['/dashboard', '/learn/ipv6-fundamentals', '/badges', '/notifications', '/profile'],
      'maria@student.example',
    ),
  ).toEqual([]);
});

test('staff pages: teaching, admin students, badges, attendance, cohorts', async () => {
  expect(
    await check(
      ['/teach', '/teach/courses/ipv6-fundamentals', '/teach/courses/ipv6-fundamentals/insights'],
      'carlos.instructor@campus.example',
    ),
  ).toEqual([]);
  expect(
    await check(
      [
        '/admin/students?q=mar',
        '/admin/badges',
        '/admin/badges/achievements/isp-network-operation-basic/holders',
        '/admin/attendance',
        '/admin/cohorts',
        '/admin/reports',
        '/teach/specializations',
        '/teach/specializations/isp-network-operation',
      ],
      'admin@campus.example',
    ),
  ).toEqual([]);
});
