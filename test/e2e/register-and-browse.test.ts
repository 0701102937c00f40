import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { type BrowserCampus, startBrowserCampus } from '../support/browser';
import type { TestCampus } from '../support/test-campus';

let campus: TestCampus;
let browser: Browser;
let site: BrowserCampus['site'];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ campus, site, browser, close: stop } = await startBrowserCampus({ seed: true, worker: true }));
});
afterAll(() => stop?.());

test('a visitor registers, confirms the email from the link, logs in and browses from the specialization to a course page', async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(8000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    // The deliberate wrong password answers 401; anything else (CSP, scripts, missing files) counts.
    if (message.type() === 'error' && !message.text().includes('status of 401'))
      consoleErrors.push(message.text());
  });

  await page.goto(site.url);
  await page.getByRole('link', { name: 'Create account' }).click();
  await page.getByLabel('Your name').fill('Valentina Rojas');
  await page.getByLabel('Email').fill('valentina@example.org');
  await page.getByLabel('Password').fill('ipv6 everywhere now');
  await page.getByRole('button', { name: 'Create account' }).click();
  // The same answer whether or not the email has an account: the link in the email continues.
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Check your email',
  );

  await campus.drainJobs();
  await page.goto(`${site.url}/dev/outbox`);
  await page.getByRole('link', { name: 'Welcome to Campus' }).click();
  // The link names the campus's configured address; the test serves it on another port.
  const confirmLink = await page.getByRole('link', { name: /\/email\/confirm\// }).textContent();
  await page.goto(`${site.url}${new URL(confirmLink!).pathname}`);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await page.waitForURL(`${site.url}/login`);
  await expect(page.getByRole('status').textContent()).resolves.toContain(
    'your email is confirmed',
  );

  await page.getByLabel('Email').fill('valentina@example.org');
  await page.getByLabel('Password').fill('wrong password!!');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toContain(
    'Email or password is incorrect.',
  );
  await page.getByLabel('Password').fill('ipv6 everywhere now');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${site.url}/dashboard`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Hello, Valentina Rojas',
  );

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Specializations' })
    .click();
  await page.getByRole('link', { name: 'ISP Network Operation' }).click();
  await expect(page.locator('section.level h2').allTextContents()).resolves.toEqual([
    expect.stringContaining('Basic'),
    expect.stringContaining('Intermediate'),
    expect.stringContaining('Advanced'),
  ]);
  await page.getByRole('link', { name: 'BGP Security with RPKI and IRR' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'BGP Security with RPKI and IRR',
  );
  await expect(
    page.locator('ul.sessions').getByText('Tutorial: ROV on your routers').isVisible(),
  ).resolves.toBe(true);

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Courses' })
    .click();
  // Filters apply as they are chosen: the list changes without pressing Search.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('pt');
  await page.waitForFunction(() => document.querySelectorAll('.card-title').length === 1);
  await expect(page.locator('.card-title').allTextContents()).resolves.toEqual([
    'Interconnection of Public and Private Autonomous Systems',
  ]);

  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/e2e-courses.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});
