// The credential journey end to end in Chromium: a student finishes the last course of a level,
// finds the badge in their wallet, downloads the certificate and the baked badge; an employer
// without an account verifies both on /verify.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { levelWithBadge } from '../support/badges';
import { type BrowserCampus, logInAs, startBrowserCampus } from '../support/browser';
import { createTestUser, testPassword } from '../support/factories';
import { apiLogin } from '../support/http';
import type { TestCampus } from '../support/test-campus';

let campus: TestCampus;
let browser: Browser;
let site: BrowserCampus['site'];
let stop: (() => Promise<void>) | undefined;
const screenshots = path.join(__dirname, '../../.data/screenshots');

beforeAll(async () => {
  ({ campus, site, browser, close: stop } = await startBrowserCampus({ worker: true }));
  mkdirSync(screenshots, { recursive: true });
});
afterAll(() => stop?.());

const logIn = (page: Page, email: string) => logInAs(page, site.url, email, testPassword);

test('from the last lesson of a level to a badge and certificate an employer verifies', async () => {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'journey', { name: 'IPv6 Deployment Basic' });
  const student = await createTestUser({ displayName: 'Zoë Ñúñez', email: 'zoe@example.org' });
  await enrollInCourse(campus.context, student.id as string, course.slug);

  // The student completes the level's only lesson in the player.
  const page = await browser.newPage({ acceptDownloads: true });
  await logIn(page, student.email);
  await page.goto(`${site.url}/learn/${course.slug}`);
  await page.getByRole('button', { name: /Mark as done/ }).click();
  await campus.drainJobs();

  // The wallet shows the badge; the certificate and the baked badge download.
  await page.goto(`${site.url}/badges`);
  await page.getByRole('heading', { name: 'IPv6 Deployment Basic' }).waitFor();
  await page.screenshot({ path: path.join(screenshots, 'wallet.png'), fullPage: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'journey-'));
  const [certificate] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Certificate (PDF)' }).click(),
  ]);
  const pdfPath = path.join(dir, 'certificate.pdf');
  await certificate.saveAs(pdfPath);
  const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  expect(pdfText).toContain('Zoë Ñúñez');
  const certificateId = /Credential id ([0-9a-f-]{36})/.exec(pdfText)![1]!;

  // The files for badge apps sit folded under plain words; the first PNG is the 3.0 one.
  await page.getByText('Files for badge apps and digital wallets').click();
  const [baked] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'PNG', exact: true }).first().click(),
  ]);
  const pngPath = path.join(dir, 'badge.png');
  await baked.saveAs(pngPath);
  expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG');

  // An employer, not logged in, uploads the baked badge with the email they were given.
  const employer = await browser.newPage();
  await employer.goto(`${site.url}/verify`);
  await employer.getByLabel(/upload a badge image/).setInputFiles(pngPath);
  // The file field is worded by the page, and names the file chosen.
  await expect(employer.locator('.file-picker').first().textContent()).resolves.toBe(
    'Choose a filebadge.png',
  );
  await employer.getByLabel('Email of the person (optional)').fill('zoe@example.org');
  await employer.getByRole('button', { name: 'Verify' }).click();
  await employer.getByRole('heading', { name: 'Valid badge' }).waitFor();
  const verdict = employer.getByRole('status');
  await expect(verdict.textContent()).resolves.toContain('Zoë Ñúñez');
  await expect(verdict.textContent()).resolves.toContain('Issued to this email address.');
  await employer.screenshot({ path: path.join(screenshots, 'verify-valid.png'), fullPage: true });

  // A Spanish employer's file field speaks Spanish, whatever the browser's own language.
  const spanish = await browser.newPage({ extraHTTPHeaders: { 'Accept-Language': 'es' } });
  await spanish.goto(`${site.url}/verify`);
  await expect(spanish.locator('.file-picker').first().textContent()).resolves.toBe(
    'Elegir archivoNingún archivo elegido',
  );
  await spanish.close();

  // The id printed on the certificate verifies too; a badge image with one byte changed does not.
  await employer.goto(`${site.url}/verify`);
  await employer.getByLabel(/Credential id/).fill(certificateId);
  await employer.getByRole('button', { name: 'Verify' }).click();
  await employer.getByRole('heading', { name: 'Valid badge' }).waitFor();

  const tampered = readFileSync(pngPath)
    .toString('latin1')
    .replace('IPv6 Deployment Basic', 'IPv6 Deployment Expert');
  const tamperedPath = path.join(dir, 'tampered.png');
  writeFileSync(tamperedPath, Buffer.from(tampered, 'latin1'));
  await employer.goto(`${site.url}/verify`);
  await employer.getByLabel(/upload a badge image/).setInputFiles(tamperedPath);
  await employer.getByRole('button', { name: 'Verify' }).click();
  await employer.getByRole('heading', { name: /Tampered|Not readable/ }).waitFor();
  await employer.screenshot({
    path: path.join(screenshots, 'verify-tampered.png'),
    fullPage: true,
  });
});
