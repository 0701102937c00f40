// Headless Debian Chromium driven by playwright-core (no browser download: see README).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Express } from 'express';
import { seedDemoCampus } from '../../server/seed';
import { startTestCampus, type TestCampus } from './test-campus';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    // The machine has no network: background services would only fail and slow the start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serves the app on a free port of 127.0.0.1 for the browser. */
export async function serve(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Logs in through the login form, as a person would, and waits for the dashboard. */
export async function logInAs(page: Page, siteUrl: string, email: string, password: string) {
  await page.goto(`${siteUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${siteUrl}/dashboard`);
}

export interface BrowserCampus {
  campus: TestCampus;
  site: { url: string; close: () => Promise<void> };
  browser: Browser;
  /** Closes the browser, the server and the campus, in that order. */
  close: () => Promise<void>;
}

/**
 * What every browser test starts from: a test campus (seeded with the demo campus and running its
 * jobs when asked), served on localhost, and headless Chromium.
 */
export async function startBrowserCampus(
  options: { seed?: boolean; worker?: boolean } = {},
): Promise<BrowserCampus> {
  const campus = await startTestCampus();
  if (options.seed) await seedDemoCampus(campus.context.logger);
  if (options.worker) campus.startWorker();
  const site = await serve(campus.app);
  const browser = await launchBrowser();
  return {
    campus,
    site,
    browser,
    close: async () => {
      await browser.close();
      await site.close();
      await campus.close();
    },
  };
}
