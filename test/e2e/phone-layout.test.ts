// A new student on a 390 px phone, in Spanish: the header's links fold behind a Menu button (a
// page starts with its content), the button opens and closes them, no page is wider than the
// screen, and no page shows a raw translation key. Real Chromium, the demo campus.
import type { Browser, Page } from 'playwright-core';
import { demoPassword } from '../../server/demo-data';
import { seedDemoCampus } from '../../server/seed';
import { launchBrowser, serve } from '../support/browser';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let browser: Browser;
let site: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  campus = await startTestCampus();
  await seedDemoCampus(campus.context.logger);
  site = await serve(campus.app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await campus?.close();
});

/** A translation key left in the page, as i18next prints a missing one (`namespace:key.path`). */
const rawKey =
  /\b(?:accounts|admin|attendance|authoring|badges|catalog|certificate|common|emails|errors|learning|verify):[a-zA-Z]+\.[a-zA-Z.]+/;

async function expectFitsAndReads(page: Page, path: string) {
  await page.goto(`${site.url}${path}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect({ path, width }).toEqual({ path, width: 390 });
  expect({ path, raw: rawKey.exec(await page.locator('body').innerText())?.[0] ?? null }).toEqual({
    path,
    raw: null,
  });
}

test('on a phone in Spanish the menu folds, opens and closes, and pages fit the screen', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'es-419',
    extraHTTPHeaders: { 'Accept-Language': 'es' },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  await page.goto(site.url);
  const menu = page.getByRole('button', { name: 'Menú' });
  const coursesLink = page.getByRole('navigation').getByRole('link', { name: 'Cursos' });
  await expect(menu.isVisible()).resolves.toBe(true);
  await expect(coursesLink.isVisible()).resolves.toBe(false);
  await menu.click();
  await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
  await expect(coursesLink.isVisible()).resolves.toBe(true);
  await page.keyboard.press('Escape');
  await expect(coursesLink.isVisible()).resolves.toBe(false);

  for (const path of ['/', '/courses', '/specializations', '/login', '/verify'])
    await expectFitsAndReads(page, path);

  // Signed in as the demo student: her pages fit too.
  await page.goto(`${site.url}/login`);
  await page.getByLabel('Correo electrónico').fill('maria@student.example');
  await page.getByLabel('Contraseña').fill(demoPassword);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.waitForURL(`${site.url}/dashboard`);
  for (const path of ['/dashboard', '/badges', '/profile']) await expectFitsAndReads(page, path);
  // Enrolled in a level, her dashboard shows its progress rows: they fit too (they were 451 px).
  await page.goto(`${site.url}/specializations/isp-network-operation/levels/basic`);
  await page.locator('form[action$="/levels/basic/enroll"] button').click();
  await page.waitForLoadState();
  for (const path of ['/dashboard', '/courses/network-management-basics'])
    await expectFitsAndReads(page, path);
  await context.close();
});

test('on a wide screen the links show without a Menu button', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(site.url);
  await expect(page.locator('.menu-button').isVisible()).resolves.toBe(false);
  await expect(
    page.getByRole('navigation').getByRole('link', { name: 'Courses' }).isVisible(),
  ).resolves.toBe(true);
  await page.close();
});
