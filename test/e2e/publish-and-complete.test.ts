import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { type BrowserCampus, logInAs, startBrowserCampus } from '../support/browser';
import { createTestUser, testPassword } from '../support/factories';

let browser: Browser;
let site: BrowserCampus['site'];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ site, browser, close: stop } = await startBrowserCampus({ worker: true }));
});
afterAll(() => stop?.());

const logIn = (page: Page, email: string) => logInAs(page, site.url, email, testPassword);

test('an instructor writes and publishes a course; a student enrolls, learns and completes it', async () => {
  const instructor = await createTestUser({
    roles: ['instructor'],
    displayName: 'Ines Instructor',
  });
  const student = await createTestUser({ displayName: 'Sam Student' });
  const consoleErrors: string[] = [];

  // The instructor writes the course.
  const teacher = await browser.newPage();
  teacher.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await logIn(teacher, instructor.email);
  await teacher.getByRole('link', { name: 'Teach' }).click();
  await teacher.getByRole('link', { name: 'New course' }).click();
  await teacher.getByLabel('Title', { exact: true }).fill('RPKI in One Afternoon');
  await teacher
    .getByLabel('Summary', { exact: true })
    .fill('Sign your routes and validate theirs.');
  await teacher
    .getByLabel('Description', { exact: true })
    .fill('ROAs, validators and route origin validation.');
  await teacher.getByLabel('Estimated hours').fill('3');
  // Topics are ticks (a multiple select needs Ctrl or Cmd, which a phone has not).
  await teacher.getByRole('checkbox', { name: 'RPKI', exact: true }).check();
  await teacher.getByRole('checkbox', { name: 'BGP', exact: true }).check();
  await teacher.getByRole('button', { name: 'Create draft' }).click();
  await teacher.waitForURL(`${site.url}/teach/courses/rpki-in-one-afternoon`);
  const ticked = teacher.getByRole('group', { name: 'Topics' }).getByRole('checkbox');
  await expect(
    ticked.evaluateAll((boxes) =>
      boxes.filter((box) => (box as HTMLInputElement).checked).map((box) => box.id),
    ),
  ).resolves.toEqual(['field-topics-rpki', 'field-topics-bgp']);

  await teacher.getByLabel('Add a module:').selectOption('lesson');
  await teacher.getByRole('button', { name: 'Add', exact: true }).click();
  await teacher.getByLabel('Title', { exact: true }).fill('What a ROA says');
  await teacher
    .getByLabel('Lesson text (Markdown)', { exact: true })
    .fill(
      '## ROAs\n\nA ROA lets **AS 64500** originate `192.0.2.0/24`.\n\n<script>alert(1)</script>',
    );
  await teacher.getByRole('button', { name: 'Add module' }).click();
  await teacher.getByRole('link', { name: 'RPKI in One Afternoon' }).click();

  await teacher.getByLabel('Add a module:').selectOption('quiz');
  await teacher.getByRole('button', { name: 'Add', exact: true }).click();
  await teacher.getByLabel('Title', { exact: true }).fill('ROA check');
  await teacher.getByLabel('Pass score (%)').fill('100');
  await teacher.getByRole('button', { name: 'Add module' }).click();
  await teacher
    .getByLabel('Question', { exact: true })
    .fill('Who may originate 192.0.2.0/24 under that ROA?');
  // Options as rows, the correct one ticked.
  const newQuestion = teacher.locator('form[action$="/questions#add-question"]');
  await newQuestion.getByLabel('Option 1', { exact: true }).fill('AS 64500');
  await newQuestion.getByLabel('Correct (Option 1)').check();
  await newQuestion.getByLabel('Option 2', { exact: true }).fill('Any AS');
  await newQuestion.getByLabel('Option 3', { exact: true }).fill('Nobody');
  await teacher.getByRole('button', { name: 'Add question' }).click();
  await expect(teacher.getByRole('status').textContent()).resolves.toContain('Question added.');

  await teacher.getByRole('link', { name: 'RPKI in One Afternoon' }).click();
  await teacher.getByRole('button', { name: 'Publish' }).click();
  await expect(teacher.getByRole('status').textContent()).resolves.toContain(
    'Published as version 1',
  );

  // The student finds it, enrolls and learns.
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await logIn(page, student.email);
  await page.goto(`${site.url}/courses/rpki-in-one-afternoon`);
  await page.getByRole('button', { name: 'Enroll in this course' }).click();
  await page.getByRole('link', { name: 'Go to the course' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'What a ROA says',
  );
  // The script tag is shown as text, and nothing ran.
  await expect(page.locator('.lesson-body').textContent()).resolves.toContain(
    '<script>alert(1)</script>',
  );
  await page.getByRole('button', { name: 'Mark as done and continue' }).click();

  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('ROA check');
  // The player has moved on, so the confirmation names the module that was done.
  await expect(page.getByRole('status').textContent()).resolves.toContain(
    '“What a ROA says” marked as done.',
  );
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/e2e-player-quiz.png', fullPage: true });
  await page.getByLabel('Any AS').check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('You scored 0%');
  await page.getByLabel('AS 64500').check();
  await page.getByRole('button', { name: 'Submit another attempt' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain(
    'You passed with 100%. You completed this course!',
  );
  // A course in no level points on to the catalog.
  await expect(
    page.locator('.after-course').getByRole('link', { name: 'Browse courses' }).count(),
  ).resolves.toBe(1);

  await page.getByRole('link', { name: 'My learning' }).click();
  await expect(
    page.locator('.card').filter({ hasText: 'RPKI in One Afternoon' }).textContent(),
  ).resolves.toContain('Completed');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/e2e-dashboard-completed.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});
