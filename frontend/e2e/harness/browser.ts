import fs from 'node:fs';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

/** Debian's chromium (a browser download cannot work here); the test setup script installs it. */
export function ensureChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run infra/scripts/test.sh (it installs Debian's chromium as root).`);
  }
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh person at a 1366×768 screen (the target size), Chinese unless told otherwise. */
export async function newPerson(browser: Browser, locale = 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}
