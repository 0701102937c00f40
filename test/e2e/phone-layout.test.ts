// A new student on a 390 px phone, in Spanish: the header's links fold behind a Menu button (a
// page starts with its content), and the button opens and closes them. Real Chromium, the demo
// campus. Whether every page fits the screen and reads in its language: journeys.test.ts.
import type { Browser } from 'playwright-core';
import { type BrowserCampus, startBrowserCampus } from '../support/browser';

let browser: Browser;
let site: BrowserCampus['site'];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ site, browser, close: stop } = await startBrowserCampus({ seed: true }));
});
afterAll(() => stop?.());

test('on a phone in Spanish the menu folds, opens, and closes with Escape or a tap outside it', async () => {
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

  // A tap outside the open menu closes it too.
  await menu.click();
  await expect(coursesLink.isVisible()).resolves.toBe(true);
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await expect(coursesLink.isVisible()).resolves.toBe(false);
  // Every page at this size, for every kind of person and language: journeys.test.ts.
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
