import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Page } from 'playwright-core';
import { artifacts } from './paths';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Signs in through the hub's own login page, as a person would, and waits for the portal to be back. */
export async function signIn(page: Page, origin: string, email: string, password: string, path_ = '/'): Promise<void> {
  await page.goto(origin + path_);
  await page.waitForURL(/\/account\/login/);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
  await page.waitForURL((url) => url.origin === origin && !url.pathname.startsWith('/account') && !url.pathname.startsWith('/auth'));
  await page.locator('dx-shell nav').waitFor();
  // The portal lands on the path it left from, or on the person's start page when that was "/".
  await page.waitForFunction(() => location.pathname !== '/' && !location.pathname.startsWith('/auth'));
}

/** Saves a screenshot of what the person sees under artifacts/. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: number;
  targets: string[];
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Evaluated through the DevTools protocol: the hub's CSP (script-src 'self') rightly refuses an injected inline <script>.
    await page.evaluate(axeSource);
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
        targets: v.nodes.slice(0, 3).map((n: { target: string[] }) => n.target.join(' ')) }));
  });
}

/** Screen width overflow: true when the page scrolls sideways (a layout break at this size). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
