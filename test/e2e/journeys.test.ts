// Each kind of person walks their main pages in English, Spanish and Portuguese, on a 390 px
// phone and a 1280 px desktop, in real Chromium over the demo campus: no page is wider than the
// screen, no page shows a raw translation key, and a student's empty quiz submission never costs
// an attempt. (The phone menu itself: phone-layout.test.ts; accessibility: accessibility.test.ts.)
import type { Browser, Page } from 'playwright-core';
import { CourseModel } from '../../courses/catalog/course.model';
import { QuizAttemptModel } from '../../courses/quizzes/quiz-attempt.model';
import type { Language } from '../../i18n';
import { demoPassword } from '../../server/demo-data';
import { type BrowserCampus, startBrowserCampus } from '../support/browser';
import { createTestUser, testPassword } from '../support/factories';

let browser: Browser;
let site: BrowserCampus['site'];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ site, browser, close: stop } = await startBrowserCampus({ seed: true }));
});
afterAll(() => stop?.());

const sizes = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const rawKey =
  /\b(?:accounts|admin|attendance|authoring|badges|catalog|certificate|common|emails|errors|learning|verify):[a-zA-Z]+\.[a-zA-Z.]+/;

/**
 * Every path on the phone, and the first three on the desktop: as wide as the screen at most, and
 * worded (no raw key). A raw key does not depend on the size, and a page that fits 390 px fits
 * 1280 px unless its layout changes there: the desktop walk covers each role's main layouts.
 */
async function walk(page: Page, paths: string[]) {
  const problems: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    for (const path of size.width > 1000 ? paths.slice(0, 3) : paths) {
      const response = await page.goto(`${site.url}${path}`);
      if (!response || response.status() >= 400)
        problems.push(`${path}: HTTP ${response?.status()}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > size.width) {
        // Name the deepest elements that stick out, so a failure says where to look.
        const culprits = await page.evaluate(
          (limit) =>
            [...document.querySelectorAll('body *')]
              .filter((element) => element.getBoundingClientRect().right > limit + 1)
              .filter((element) => !element.querySelector('*'))
              .slice(0, 3)
              .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
          size.width,
        );
        problems.push(`${path} at ${size.width} px is ${width} px wide (${culprits.join(', ')})`);
      }
      const raw = rawKey.exec(await page.locator('body').innerText())?.[0];
      if (raw) problems.push(`${path} at ${size.width} px shows ${raw}`);
    }
  }
  return problems;
}

async function signedIn(language: Language, email: string, password: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Language': language } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${site.url}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.waitForURL(/\/(dashboard|teach|admin)/);
  return { context, page };
}

const students: { language: Language; email: string; course: string }[] = [
  { language: 'es', email: 'maria@student.example', course: 'ipv6-fundamentals' },
  { language: 'pt', email: 'joao@student.example', course: 'interconnection-public-private-as' },
  { language: 'en', email: 'grace@student.example', course: 'delegated-rpki-krill' },
];

test.each(['en', 'es', 'pt'] as const)(
  'a visitor browses, searches and verifies in %s at both sizes',
  async (language) => {
    const context = await browser.newContext({
      extraHTTPHeaders: { 'Accept-Language': language },
    });
    const page = await context.newPage();
    const teacher = (await CourseModel.findOne({ slug: 'bgp-security-rpki-irr' }).lean())!
      .instructors[0];
    const problems = await walk(page, [
      '/',
      '/courses?q=rpki',
      '/courses/bgp-security-rpki-irr',
      `/instructors/${teacher}`,
      '/specializations/isp-network-operation',
      '/specializations/isp-network-operation/levels/intermediate',
      '/courses?q=zzqx',
      '/badges/achievements/isp-network-operation-basic',
      '/verify',
      '/login',
      '/register',
    ]);
    expect({ language, problems }).toEqual({ language, problems: [] });
    await context.close();
  },
  120_000,
);

test.each(students)(
  'a student ($language) enrolls, reads, is stopped (not charged) by an empty quiz, and finds their pages',
  async (student) => {
    const { context, page } = await signedIn(student.language, student.email, demoPassword);
    await page.goto(`${site.url}/courses/${student.course}`);
    await page.locator(`form[action="/courses/${student.course}/enroll"] button`).click();
    await page.waitForLoadState();

    // An empty quiz submission: refused with a message in their language, no attempt used.
    const course = await CourseModel.findOne({ slug: student.course }).lean();
    const quiz = course!.modules.find((module) => module.kind === 'quiz')!;
    await page.goto(`${site.url}/learn/${student.course}/modules/${quiz._id}`);
    await page.locator('form.quiz-form button[type=submit]').click();
    await page.waitForLoadState();
    await expect(page.locator('.form-error[role=alert]').innerText()).resolves.toMatch(
      /empty attempt is not counted|intento vacío no cuenta|tentativa vazia não conta/,
    );
    expect(await QuizAttemptModel.countDocuments({ module: quiz._id })).toBe(0);

    const lesson = course!.modules.find((module) => module.kind === 'lesson')!;
    const problems = await walk(page, [
      '/dashboard',
      `/learn/${student.course}/modules/${lesson._id}`,
      `/learn/${student.course}/modules/${quiz._id}`,
      '/badges',
      '/notifications',
      '/profile',
      `/courses/${student.course}`,
    ]);
    expect({ student: student.email, problems }).toEqual({
      student: student.email,
      problems: [],
    });
    await context.close();
  },
  120_000,
);

test.each(['en', 'es', 'pt'] as const)(
  'an instructor and an admin in %s find their pages fit and worded',
  async (language) => {
    const course = await CourseModel.findOne({ slug: 'bgp-security-rpki-irr' }).lean();
    const quiz = course!.modules.find((module) => module.kind === 'quiz')!;
    const instructor = await createTestUser({ roles: ['instructor'], language });
    await CourseModel.updateOne({ _id: course!._id }, { $push: { instructors: instructor._id } });
    const teaching = await signedIn(language, instructor.email, testPassword);
    const teachProblems = await walk(teaching.page, [
      '/teach',
      '/teach/courses/bgp-security-rpki-irr',
      `/teach/courses/bgp-security-rpki-irr/modules/${quiz._id}`,
      `/teach/courses/bgp-security-rpki-irr/preview/modules/${quiz._id}`,
      '/profile/teaching',
    ]);
    expect({ language, teachProblems }).toEqual({ language, teachProblems: [] });
    await teaching.context.close();

    const admin = await createTestUser({ roles: ['admin'], language });
    const administering = await signedIn(language, admin.email, testPassword);
    const adminProblems = await walk(administering.page, [
      '/admin/students?q=mar',
      '/admin/reports',
      '/admin/badges',
      '/admin/badges/achievements/isp-network-operation-basic',
      '/admin/badges/achievements/isp-network-operation-basic/holders',
      '/admin/cohorts',
      '/admin/attendance',
      '/teach/specializations',
      '/teach/specializations/isp-network-operation',
    ]);
    expect({ language, adminProblems }).toEqual({ language, adminProblems: [] });
    await administering.context.close();
  },
  120_000,
);

test('a first visit shows live sessions in the browser’s own zone, after one reload', async () => {
  const context = await browser.newContext({
    timezoneId: 'America/La_Paz',
    extraHTTPHeaders: { 'Accept-Language': 'es' },
  });
  const page = await context.newPage();
  await page.goto(`${site.url}/courses/ipv6-fundamentals`);
  // The first answer was written in UTC; the script set the zone and loaded the page again.
  await page.waitForFunction(() => !document.getElementById('times-in-utc'));
  const sessions = await page.locator('ul.sessions').innerText();
  expect(sessions).toContain('(GMT-4)');
  expect(sessions).not.toContain('UTC');
  await context.close();
});
