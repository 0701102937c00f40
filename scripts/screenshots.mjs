// `npm run screenshots`: the campus's main pages as a visitor, a student, an instructor and an
// admin see them, on a 390 px phone and a 1280 px desktop, in English, Spanish and Portuguese,
// written to docs/screenshots/ (PNG, whole page). Run it against the demo campus (`npm run dev`
// in another terminal; CAMPUS_URL to point elsewhere). It signs in with the demo accounts and
// enrolls the demo students in a course, as a person would; it changes nothing else.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.CAMPUS_URL ?? 'http://localhost:3000';
const out = path.resolve('docs/screenshots');
const password = 'campus-demo-2026';
const sizes = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};

const visitorPages = [
  ['home', '/'],
  ['specialization', '/specializations/isp-network-operation'],
  ['level', '/specializations/isp-network-operation/levels/basic'],
  ['course-search', '/courses?q=rpki'],
  ['course', '/courses/bgp-security-rpki-irr'],
  ['badge', '/badges/achievements/isp-network-operation-basic'],
  ['verify', '/verify'],
];
// Each signed-in role in its demo account's language (the profile's language wins over the
// browser's): students in all three, staff in Spanish.
const people = [
  { role: 'student', email: 'maria@student.example', language: 'es', enroll: 'ipv6-fundamentals' },
  {
    role: 'student',
    email: 'joao@student.example',
    language: 'pt',
    enroll: 'interconnection-public-private-as',
  },
  {
    role: 'student',
    email: 'grace@student.example',
    language: 'en',
    enroll: 'delegated-rpki-krill',
  },
  { role: 'instructor', email: 'carlos.instructor@campus.example', language: 'es' },
  { role: 'admin', email: 'admin@campus.example', language: 'es' },
];
const signedInPages = {
  student: (person) => [
    ['dashboard', '/dashboard'],
    ['player', `/learn/${person.enroll}`],
    ['badges', '/badges'],
    ['notifications', '/notifications'],
    ['profile', '/profile'],
  ],
  instructor: () => [
    ['teach', '/teach'],
    ['course-editor', '/teach/courses/ipv6-fundamentals'],
    ['quiz-preview', '/teach/courses/ipv6-fundamentals/preview'],
    ['quiz-editor', quizEditorOf('ipv6-fundamentals')],
  ],
  admin: () => [
    ['students', '/admin/students?q=mar'],
    ['reports', '/admin/reports'],
    ['badges-admin', '/admin/badges'],
    ['specialization-editor', '/teach/specializations/isp-network-operation'],
    ['cohorts', '/admin/cohorts'],
    ['badge-import', '/admin/badges/imports'],
  ],
};

/** The editor of a course's first quiz, found from the course's editor page. */
function quizEditorOf(slug) {
  return async (page) => {
    await page.goto(`${base}/teach/courses/${slug}`);
    const link = page.locator('.module-admin li:has(.kind-quiz) a.grow');
    const href = (await link.count()) ? await link.first().getAttribute('href') : null;
    return href ?? `/teach/courses/${slug}`;
  };
}

async function shoot(page, file) {
  // A whole-page picture includes what a reader would scroll to: lazy images load first (below the
  // fold they were left blank).
  await page.evaluate(async () => {
    const images = [...document.querySelectorAll('img[loading="lazy"]')];
    for (const image of images) image.loading = 'eager';
    const loaded = (image) =>
      new Promise((resolve) => {
        if (image.complete) return resolve();
        image.addEventListener('load', resolve, { once: true });
        image.addEventListener('error', resolve, { once: true });
      });
    const atMost = new Promise((resolve) => setTimeout(resolve, 5000));
    await Promise.race([Promise.all(images.map(loaded)), atMost]);
  });
  await page.screenshot({ path: file, fullPage: true });
  console.log(path.relative(process.cwd(), file));
}

async function logIn(page, email) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForLoadState('load');
}

async function enroll(page, slug) {
  await page.goto(`${base}/courses/${slug}`);
  const button = page.locator('form[action$="/enroll"] button[type="submit"]').first();
  if (await button.count()) {
    await button.click();
    await page.waitForLoadState('load');
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  rmSync(out, { recursive: true, force: true });
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const language of ['en', 'es', 'pt']) {
      const context = await browser.newContext({
        viewport,
        extraHTTPHeaders: { 'Accept-Language': language },
      });
      const page = await context.newPage();
      const dir = path.join(out, 'visitor', language);
      mkdirSync(dir, { recursive: true });
      for (const [name, address] of visitorPages) {
        await page.goto(`${base}${address}`);
        await shoot(page, path.join(dir, `${name}-${size}.png`));
      }
      await context.close();
    }
    for (const person of people) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await logIn(page, person.email);
      if (person.enroll) await enroll(page, person.enroll);
      const dir = path.join(out, person.role, person.language);
      mkdirSync(dir, { recursive: true });
      for (const [name, address] of signedInPages[person.role](person)) {
        // An address may be found on the way (a module's editor: its id changes with each seed).
        await page.goto(`${base}${typeof address === 'function' ? await address(page) : address}`);
        await shoot(page, path.join(dir, `${name}-${size}.png`));
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
