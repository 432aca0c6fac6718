import path from 'node:path';
import { Code } from '@connectrpc/connect';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { readCivilAffairsRecord } from './harness/agency';
import { launch, newPerson } from './harness/browser';
import { readCsv } from './harness/csv';
import { scrollsSideways, seriousViolations, shot, signIn } from './harness/portal';

/**
 * The portal against the real host, in the order a new hub is brought into use: the first administrator signs in
 * with the generated password, changes it and creates a steward and an auditor; grants; the steward's screens; the
 * keyboard-only review; the auditor; languages and zoom. Each step saves a screenshot of the screen it checks.
 */
const host = inject('host');
const people = { steward: { email: 'steward@e2e.local', password: '' }, auditor: { email: 'auditor@e2e.local', password: '' } };
let browser: Browser;
let admin: { context: BrowserContext; page: Page };
let steward: { context: BrowserContext; page: Page };
/** The child the steward's review decision merged (its path), for the child screen's own decisions. */
let mergedChild = '';
const NEW_ADMIN_PASSWORD = 'E2e-Admin-Passw0rd!';

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** The page a failed step was on, saved as artifacts/failed-<step>.png. */
let current: Page | undefined;
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && current && !current.isClosed()) {
    await shot(current, 'failed-' + context.task.name.replace(/[^\w]+/g, '-').slice(0, 60)).catch(() => undefined);
  }
});

function track<T extends { page: Page }>(person: T): T {
  current = person.page;
  return person;
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function createPerson(page: Page, email: string, roleLabel: string): Promise<string> {
  await page.getByRole('tab', { name: '人员' }).click();
  const form = page.locator('dx-users-tab form');
  await form.locator('input[name=email]').fill(email);
  // The steward role is ticked by default; pick exactly the one wanted.
  for (const label of ['数据管理员', '系统管理员', '审计员']) {
    const box = form.getByRole('checkbox', { name: label });
    if ((await box.isChecked()) !== (label === roleLabel)) {
      await box.click();
    }
  }
  await form.getByRole('button', { name: '创建人员' }).click();
  const secret = page.locator('dx-secret-notice [data-secret]');
  await secret.waitFor();
  const password = (await secret.textContent())!.trim();
  await page.getByRole('button', { name: '我已保存' }).click();
  await expect.poll(() => page.locator('dx-users-tab tbody').textContent()).toContain(email);
  return password;
}

describe('the first administrator', () => {
  it('signs in with the generated password, changes it, and creates a steward and an auditor', async () => {
    admin = track(await newPerson(browser));
    const { page } = admin;
    await signIn(page, host.origin, host.adminEmail, host.adminPassword);
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.getByRole('link', { name: '我的账户' }).click();
    await page.locator('input[name=current]').fill(host.adminPassword);
    await page.locator('input[name=new]').fill(NEW_ADMIN_PASSWORD);
    await page.locator('input[name=repeat]').fill(NEW_ADMIN_PASSWORD);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('密码已修改。').waitFor();
    await shot(page, '01-admin-password-changed');

    await page.getByRole('link', { name: '系统管理' }).click();
    people.steward.password = await createPerson(page, people.steward.email, '数据管理员');
    people.auditor.password = await createPerson(page, people.auditor.email, '审计员');
    expect(people.steward.password.length).toBeGreaterThanOrEqual(12);
    await shot(page, '02-admin-people');
    await expectAccessible(page, 'administration: people');
  });

  it('signs in again with the new password only', async () => {
    const { context, page } = await newPerson(browser);
    await page.goto(host.origin + '/');
    await page.waitForURL(/\/account\/login/);
    await page.locator('input[name=email]').fill(host.adminEmail);
    await page.locator('input[name=password]').fill(host.adminPassword);
    await page.locator('input[name=password]').press('Enter');
    await page.waitForLoadState('networkidle');
    expect(page.url()).toContain('/account/login'); // the generated password no longer works
    await context.close();
  });
});

describe('an administrator', () => {
  it('creates a grant and revokes it; an agency system reads a record only while the grant lives', async () => {
    const { page } = track(admin);
    expect((await readCivilAffairsRecord(host, host.civilAffairsSourceId)).code).toBe(Code.PermissionDenied);

    await page.getByRole('tab', { name: '授权' }).click();
    const form = page.locator('dx-grants-tab form');
    await form.getByRole('combobox', { name: '被授权部门' }).click();
    await page.getByRole('option', { name: '教育' }).click();
    await form.getByRole('combobox', { name: '数据来源部门' }).click();
    await page.getByRole('option', { name: '民政' }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('combobox', { name: '用途' }).click();
    await page.getByRole('option', { name: '控辍保学' }).click();
    await form.locator('input[name=reference]').fill('乐教发〔2026〕12号');
    await form.getByRole('checkbox', { name: '福利保障' }).click();
    await form.getByRole('button', { name: '新建授权' }).click();
    await page.getByText(/已创建授权/).waitFor();
    const row = page.locator('dx-grants-tab tbody tr', { hasText: '乐教发〔2026〕12号' });
    await row.waitFor();
    // The who-sees-what picture shows education reading civil affairs' identity and welfare fields.
    const matrixRow = page.locator('table.matrix tbody tr', { hasText: '教育' }).first();
    expect(await matrixRow.textContent()).toContain('福利保障');
    await shot(page, '03-admin-grant-created');
    await expectAccessible(page, 'administration: grants');

    const allowed = await readCivilAffairsRecord(host, host.civilAffairsSourceId);
    expect(allowed.code).toBe('OK');
    expect(allowed.groups.length).toBe(2);

    await row.getByRole('button', { name: /撤销/ }).click();
    await expect.poll(() => row.count()).toBe(0); // gone from the live grants and from the who-sees-what picture
    expect(await matrixRow.textContent()).not.toContain('福利保障');
    await page.getByRole('checkbox', { name: '显示已撤销和过期的授权' }).click();
    await expect.poll(() => row.textContent()).toContain('撤销于');
    await shot(page, '04-admin-grant-revoked');
    expect((await readCivilAffairsRecord(host, host.civilAffairsSourceId)).code).toBe(Code.PermissionDenied);
  });
});

describe('a steward', () => {
  it('signs in, decides a review candidate and sees the child\'s golden record change', async () => {
    steward = track(await newPerson(browser));
    const { page } = steward;
    await signIn(page, host.origin, people.steward.email, people.steward.password);
    expect(new URL(page.url()).pathname).toBe('/review');
    const candidate = page.locator('[data-candidate-id]');
    await candidate.waitFor();
    const childLinks = candidate.locator('dx-pair-table thead a');
    const [childA, childB] = await Promise.all([childLinks.nth(0).getAttribute('href'), childLinks.nth(1).getAttribute('href')]);
    const sources = await candidate.locator('dx-pair-table thead .source').allTextContents();
    expect(await candidate.locator('dx-score-bars tbody tr').count()).toBeGreaterThan(0);
    await shot(page, '05-review-queue');
    await expectAccessible(page, 'review');

    await page.goto(host.origin + childA!);
    await page.locator('.record').first().waitFor();
    const before = await page.locator('.record').count();

    await page.goto(host.origin + '/review');
    await page.locator('[data-candidate-id]').waitFor();
    await page.getByRole('button', { name: /^同一儿童/ }).click();
    await page.locator('.recent li.done').first().waitFor();

    // The merged child (whichever of the two survived) now holds both records.
    await page.goto(host.origin + childA!);
    await page.locator('.record').first().waitFor();
    if (await page.getByRole('button', { name: '打开合并后的档案' }).isVisible()) {
      await page.getByRole('button', { name: '打开合并后的档案' }).click();
      await page.waitForURL((url) => url.pathname !== childA && url.pathname !== childB);
      await page.locator('.record').first().waitFor();
    }
    const records = await page.locator('.record h3').allTextContents();
    expect(records.length).toBeGreaterThan(before);
    for (const source of sources) {
      expect(records.join(' ')).toContain(source.trim());
    }
    expect(await page.locator('.timeline').textContent()).toMatch(/合并|关联记录/);
    expect(await page.locator('.golden .prov').count()).toBeGreaterThan(3);
    await shot(page, '06-child-after-merge');
    await expectAccessible(page, 'child');
    mergedChild = new URL(page.url()).pathname;
  });

  it('reveals ID numbers only with a reference, splits a record off the child and undoes the split', async () => {
    const { page } = steward;
    await page.goto(host.origin + mergedChild);
    await page.locator('.record').first().waitFor();
    // Coded values read in words (the exchange format's M/F, enrolment status, ...), never as the agency's code.
    const sex = page.locator('.golden tbody tr', { has: page.getByRole('rowheader', { name: '性别', exact: true }) }).locator('td').first();
    expect((await sex.textContent())!.trim()).toMatch(/^(男|女)$/);
    for (const value of await page.locator('.record dd').allTextContents()) {
      expect(['M', 'F', 'enrolled', 'dropped_out', 'left_behind', 'both_away']).not.toContain(value.trim());
    }
    // Masked on arrival (first 4 and last 4 characters shown); the button stays disabled until a reference (the case
    // number the audit log keeps) is given.
    const maskedRow = page.locator('.golden tbody tr', { hasText: '（已脱敏）' }).first();
    await maskedRow.waitFor();
    const field = (await maskedRow.locator('th').textContent())!.trim();
    const idCell = page.locator('.golden tbody tr', { has: page.getByRole('rowheader', { name: field, exact: true }) }).locator('td').first();
    const masked = (await idCell.textContent())!.replace('（已脱敏）', '').trim();
    expect(masked).toMatch(/^.{4}\*+.{4}$/);
    const reveal = page.getByRole('button', { name: '显示完整号码' });
    expect(await reveal.isDisabled()).toBe(true);
    await page.locator('input[name=revealReference]').fill('（2026）民字第 42 号');
    await reveal.click();
    await expect.poll(() => idCell.textContent()).not.toContain('（已脱敏）');
    const full = (await idCell.textContent())!.trim();
    expect(full).not.toContain('*');
    expect(full.length).toBe(masked.length);
    expect([full.slice(0, 4), full.slice(-4)]).toEqual([masked.slice(0, 4), masked.slice(-4)]);
    await shot(page, '06b-child-revealed');
    await page.getByRole('button', { name: '重新脱敏' }).click();
    await expect.poll(() => idCell.textContent()).toContain('（已脱敏）');

    // Split the last record off into a child of its own, then undo: the record comes back and the new child is gone.
    const before = await page.locator('.record').count();
    expect(before).toBeGreaterThan(1);
    const last = page.locator('.record').last();
    const label = (await last.locator('h3').textContent())!.trim();
    await last.getByRole('checkbox').check();
    await page.locator('input[name=actionReason]').fill('e2e：误关联的记录');
    await page.getByRole('button', { name: '拆分所选 1 条记录' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('已拆分。');
    await expect.poll(() => page.locator('.record').count()).toBe(before - 1);
    expect((await page.locator('.record h3').allTextContents()).join(' ')).not.toContain(label);
    expect(await page.locator('.timeline').textContent()).toContain('拆分');
    await shot(page, '06c-child-after-split');

    await page.getByRole('button', { name: '撤销', exact: true }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('已撤销。');
    await expect.poll(() => page.locator('.record').count()).toBe(before);
    expect((await page.locator('.record h3').allTextContents()).join(' ')).toContain(label);
  });

  it('resolves a conflict', async () => {
    const { page } = steward;
    await page.getByRole('link', { name: '数据冲突' }).click();
    const first = page.locator('dx-conflict-resolver').first();
    await first.waitFor();
    const openBefore = await page.getByRole('button', { name: /^待处理/ }).textContent();
    await first.getByRole('radio').first().check();
    await first.locator('input[name=reason]').fill('户籍为准');
    await shot(page, '07-conflicts');
    await expectAccessible(page, 'conflicts');
    await first.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^待处理/ }).textContent()).not.toBe(openBefore);
    await page.getByRole('button', { name: /^已解决/ }).click();
    // The open list stays on screen until the resolved page arrives: wait for it rather than read the old one.
    await expect.poll(() => page.locator('dx-conflict-resolver').first().textContent()).toContain('户籍为准');
  });

  it('acknowledges an alert and can open its child', async () => {
    const { page } = steward;
    await page.getByRole('link', { name: '预警' }).click();
    const row = page.locator('tbody tr').first();
    await row.waitFor();
    const acknowledgedBefore = await page.getByRole('button', { name: /^已确认/ }).textContent();
    await shot(page, '08-alerts');
    await expectAccessible(page, 'alerts');
    await row.getByRole('button', { name: /^确认/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /^已确认/ }).textContent()).not.toBe(acknowledgedBefore);
    await page.locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(/\/children\//);
    await page.locator('.golden').waitFor();
  });

  it('sees the dashboard', async () => {
    const { page } = steward;
    await page.getByRole('link', { name: '概览' }).click();
    await page.locator('.kpi').first().waitFor();
    await page.locator('dx-chart canvas').first().waitFor();
    await shot(page, '09-dashboard');
    await expectAccessible(page, 'dashboard');
  });
});

describe('the review queue with the keyboard alone', () => {
  it('decides, skips, writes a reason and undoes without a mouse, the next candidate within 100 ms', async () => {
    const { page } = steward;
    await page.goto(host.origin + '/review');
    await page.locator('[data-candidate-id]').waitFor();
    await page.locator('.recent li, .empty').first().waitFor({ state: 'attached' }).catch(() => undefined);

    // Skip link and navigation reach the main content from the keyboard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('跳到主要内容');

    // Time each switch in the page: from the key press to a new candidate id in the DOM.
    await page.evaluate(() => {
      const w = window as unknown as { switches: number[]; pressedAt: number };
      w.switches = [];
      document.addEventListener('keydown', () => (w.pressedAt = performance.now()), { capture: true });
      let last = document.querySelector('[data-candidate-id]')?.getAttribute('data-candidate-id');
      new MutationObserver(() => {
        const now = document.querySelector('[data-candidate-id]')?.getAttribute('data-candidate-id');
        if (now && now !== last) {
          last = now;
          requestAnimationFrame(() => w.switches.push(performance.now() - w.pressedAt));
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-candidate-id'] });
    });
    await page.locator('body').focus();

    const keys = ['2', '3', 'n', '2', 's', '2', '2', 'n', '3', '2'];
    for (const key of keys) {
      const id = await page.locator('[data-candidate-id]').getAttribute('data-candidate-id');
      await page.keyboard.press(key);
      await expect.poll(() => page.locator('[data-candidate-id]').getAttribute('data-candidate-id')).not.toBe(id);
    }
    // A reason by keyboard: R focuses it, Escape leaves it, 2 decides with it.
    await page.keyboard.press('r');
    await page.keyboard.type('出生日期和性别都不同');
    await page.keyboard.press('Escape');
    await page.keyboard.press('2');
    await expect.poll(() => page.locator('.recent li.done').count()).toBeGreaterThanOrEqual(8);
    // U undoes the last saved decision.
    await page.keyboard.press('u');
    await page.locator('.recent li.undone').first().waitFor();
    await shot(page, '10-review-keyboard');

    const switches = await page.evaluate(() => (window as unknown as { switches: number[] }).switches);
    const sorted = [...switches].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    const max = sorted[sorted.length - 1];
    console.log(`METRIC next-candidate ms: n=${sorted.length} p50=${p50.toFixed(1)} max=${max.toFixed(1)}`);
    expect(sorted.length).toBeGreaterThanOrEqual(keys.length);
    expect(max).toBeLessThan(100);
    expect(await page.locator('.recent li.failed').count()).toBe(0);
  });
});

describe('an auditor', () => {
  it('verifies the chain and opens the disclosure report of the child whose record was read', async () => {
    const { context, page } = track(await newPerson(browser));
    await signIn(page, host.origin, people.auditor.email, people.auditor.password);
    expect(new URL(page.url()).pathname).toBe('/audit');
    await page.getByRole('button', { name: '立即校验' }).click();
    await page.locator('[data-verdict]').waitFor();
    expect(await page.locator('[data-verdict]').textContent()).toContain('审计链完整');

    const files = path.join(host.folder, 'files', 'civil_affairs.csv');
    const record = readCsv(files).find((row) => row['source_id'] === host.civilAffairsSourceId)!;
    await page.locator('input[name=reportIdNumber]').fill(record['id_number']);
    await page.getByRole('button', { name: '查看报告' }).click();
    const report = page.locator('[data-report]');
    await report.waitFor();
    expect(await report.textContent()).toContain('GetSourceRecord');
    expect(await report.textContent()).toContain('教育');
    await shot(page, '11-audit');
    await expectAccessible(page, 'audit');
    await context.close();
  });
});

describe('languages and sizes', () => {
  it('switches to English in one click and keeps it across a reload', async () => {
    const { page } = steward;
    await page.goto(host.origin + '/review');
    await page.locator('[data-candidate-id], .empty').first().waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Review' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.shortcuts').textContent()).toContain('Same child');
    await shot(page, '12-review-english');
    await page.reload();
    await page.getByRole('link', { name: 'Conflicts' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('link', { name: '数据冲突' }).waitFor();
  });

  it('does not break at 200% zoom (683×384 CSS pixels) on the review and child screens', async () => {
    const { page } = steward;
    await page.setViewportSize({ width: 683, height: 384 });
    await page.goto(host.origin + '/review');
    await page.locator('[data-candidate-id], .empty').first().waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, '13-review-zoom-200');
    await page.goto(host.origin + '/conflicts');
    await page.locator('dx-conflict-resolver').first().waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('loads the first screen within 500 KB compressed', async () => {
    const { context, page } = await newPerson(browser);
    // Every portal file the browser fetches (each once, as sent over the wire), from an empty cache to the review screen.
    const sizes = new Map<string, { wire: number; encoding: string }>();
    page.on('requestfinished', async (request) => {
      const url = new URL(request.url());
      if (url.origin !== host.origin || /^\/(dataexchange\.|grpc\.|connect|account|\.well-known)/.test(url.pathname)) {
        return;
      }
      const response = await request.response();
      const { responseBodySize, responseHeadersSize } = await request.sizes();
      sizes.set(url.pathname, { wire: responseBodySize + responseHeadersSize, encoding: (await response?.allHeaders())?.['content-encoding'] ?? '' });
    });
    await signIn(page, host.origin, people.steward.email, people.steward.password, '/review');
    await page.locator('[data-candidate-id], .empty').first().waitFor();
    await page.waitForLoadState('networkidle');
    const total = [...sizes.values()].reduce((sum, file) => sum + file.wire, 0);
    const compressed = [...sizes].filter(([name, file]) => /\.(js|css)$/.test(name) && file.encoding).length;
    console.log(`METRIC first screen: ${sizes.size} portal files, ${(total / 1024).toFixed(1)} KB over the wire ` +
      `(${compressed} scripts/styles compressed)`);
    for (const [name, file] of [...sizes].sort((a, b) => b[1].wire - a[1].wire).slice(0, 8)) {
      console.log(`METRIC   ${name} ${(file.wire / 1024).toFixed(1)} KB ${file.encoding}`);
    }
    expect(total).toBeGreaterThan(50 * 1024);
    expect(total).toBeLessThan(500 * 1024);
    await context.close();
  });
});
