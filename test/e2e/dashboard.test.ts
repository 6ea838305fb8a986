/**
 * The dashboard end to end in Debian's chromium (playwright-core): set up the admin, import a seed checklist, upload a
 * plan, create the team in Settings (users, project roles, plan roles qa/ops, a chat robot tested against the stand-in),
 * start a run against a local stand-in (a real HTTP server on loopback) giving the secret variable the server lacks in
 * the start dialog, read the failing evidence, watch an item turn green live, tick a manual item with a photo as QA,
 * be refused signing as ops, sign as QA and see the gate pass; the admin deactivates QA, whose open page loses its
 * session at once and who cannot sign in again. One pass in Chinese on a
 * desktop, one in English at 375 px. Screenshots: artifacts/e2e/<pass>/.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, browserReady, launchChromium, signedIn, webRoot } from './_chromium.js';
import { startServer } from '../../src/server/serve.js';
import { seedFiles, seedsDir } from '../import/_seeds.js';
import { startChatRobots } from '../stand-ins/chat-robots.js';
import { plantedSecret, startStandIn, testPlanYaml } from '../server/harness.js';

const password = 'correct horse battery';

const ready = browserReady('dashboard e2e');

const passes = [
  { name: 'zh-desktop', locale: 'zh-CN', viewport: { width: 1280, height: 900 }, text: { gatePassed: '门禁通过', refused: '只有该角色的成员可以签字', recheck: '重新检查', deactivated: '此账户已停用' } },
  { name: 'en-phone', locale: 'en-US', viewport: { width: 375, height: 812 }, text: { gatePassed: 'Gate passed', refused: 'only its holders sign for it', recheck: 'Recheck', deactivated: 'this account is deactivated' } },
] as const;

describe.skipIf(!ready)('dashboard end to end', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const pass of passes) {
    it(`runs a launch in the browser (${pass.name})`, { timeout: 120_000 }, async () => {
      const shots = join(artifacts, pass.name);
      rmSync(shots, { recursive: true, force: true });
      mkdirSync(shots, { recursive: true });
      let shot = 0;
      const snap = async (page: Page, label: string) => {
        shot += 1;
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(shots, `${String(shot).padStart(2, '0')}-${label}.png`), fullPage: true });
      };
      const standIn = await startStandIn();
      const robots = await startChatRobots();
      const log: string[] = [];
      const server = await startServer({
        host: '127.0.0.1',
        port: 0,
        dir: await mkdtemp(join(tmpdir(), 'golive-e2e-')),
        env: { HEALTH_URL: standIn.url, WECOM_WEBHOOK: robots.urls.wecom },
        webRoot,
        logger: { level: 'info', stream: new Writable({ write: (chunk: Buffer, _encoding, callback) => { log.push(chunk.toString()); callback(); } }) },
      });
      const pageErrors: string[] = [];
      const pages: Page[] = [];
      try {
        const admin = await browser.newContext({ viewport: pass.viewport, locale: pass.locale });
        const page = await admin.newPage();
        pages.push(page);
        page.on('pageerror', (error) => pageErrors.push(error.message));

        // The one-time setup link creates the administrator.
        await page.goto(server.setupUrl ?? '');
        await page.locator('#username').fill('admin');
        await page.locator('#displayName').fill('Admin');
        await page.locator('#password').fill(password);
        await snap(page, 'setup');
        await page.locator('button[type=submit]').click();
        await page.waitForURL(`${server.url}/`);

        await page.locator('#id').fill('shop');
        await page.locator('#name').fill('Shop');
        await page.locator('button[type=submit]').click();
        await page.getByText('Shop', { exact: true }).click();
        await page.waitForURL(`${server.url}/projects/shop`);

        // A seed checklist dropped on the importer shows the report before anything is saved.
        await page.locator('input[type=file][accept=".md,.markdown,.txt"]').setInputFiles(join(seedsDir, seedFiles.s002));
        await expect.poll(() => page.getByRole('dialog').locator('.ant-descriptions').count()).toBe(1);
        await snap(page, 'import-report');
        await page.getByRole('dialog').locator('.ant-btn-primary').click();
        await expect.poll(() => page.locator('.ant-list-item').filter({ hasText: '生产环境部署清单' }).count()).toBe(1);
        await page.locator('input[type=file][accept=".yaml,.yml"]').setInputFiles({ name: 'golive.yaml', mimeType: 'text/yaml', buffer: Buffer.from(testPlanYaml()) });
        await expect.poll(() => page.locator('.ant-list-item').filter({ hasText: 'shop-launch' }).count()).toBe(1);

        // The administrator creates the team in Settings: each user, their project role and their plan role.
        await page.goto(`${server.url}/settings`);
        for (const [username, planRole] of [['qa-li', 'qa'], ['ops-wang', 'ops']] as const) {
          await page.locator('#new-user_username').fill(username);
          await page.locator('#new-user_displayName').fill(username);
          await page.locator('#new-user_password').fill(password);
          await page.locator('form#new-user button[type=submit]').click();
          await page.locator('.ant-table-row').filter({ hasText: username }).first().waitFor();
          await page.locator('#member_userId').click();
          await page.locator('#member_userId').fill(username);
          await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: username }).click();
          await page.locator('form#member button[type=submit]').click();
          await page.locator('[data-testid="project-members"] .ant-table-row').filter({ hasText: username }).waitFor();
          await page.locator('#plan-role_planRole').fill(planRole);
          await page.locator('#plan-role_userIds').click();
          await page.locator('#plan-role_userIds').fill(username);
          await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: username }).click();
          await page.keyboard.press('Escape');
          await page.locator('form#plan-role button[type=submit]').click();
          await page.locator('[data-testid="project-members"] .ant-table-row').filter({ hasText: username }).locator('.ant-tag', { hasText: planRole }).waitFor();
        }
        // A chat robot for the project, by ${VAR}; "send test" reaches the (stand-in) WeCom robot.
        await page.locator('#target_id').fill('team');
        await page.locator('#target_url').fill('${WECOM_WEBHOOK}');
        await page.locator('form#target button[type=submit]').click();
        await page.locator('button[data-test-target="team"]').click();
        await page.locator('[data-testid="target-test-result"].ant-alert-success').waitFor({ timeout: 30_000 });
        expect(robots.received.filter((message) => message.platform === 'wecom')).toHaveLength(1);
        await snap(page, 'settings-team');
        await page.goto(`${server.url}/projects/shop`);
        await page.locator('.ant-list-item').filter({ hasText: 'shop-launch' }).waitFor();
        await snap(page, 'project');

        await page.locator('.ant-list-item').filter({ hasText: 'shop-launch' }).click();
        await page.locator('#release').fill('v1.0.0');
        await snap(page, 'plan');
        await page.locator('button[type=submit]').click();
        // The server's environment lacks DEPLOY_TOKEN: the dialog asks for it, as a password field.
        await page.locator('[data-testid="variables-form"] input[data-secret="true"]#DEPLOY_TOKEN').waitFor();
        await snap(page, 'start-run-variables');
        await page.locator('[data-testid="variables-form"] #DEPLOY_TOKEN').fill(plantedSecret);
        await page.locator('[data-testid="variables-form"] button[type=submit]').click();
        await page.waitForURL(/\/runs\/r-\d{8}-\d{4}$/);
        const runUrl = page.url();
        await page.locator('[data-item="api-health"][data-status="fail"]').waitFor();
        // The failing check's evidence is readable: its expectation, the facts as a table, the body folded, raw JSON hidden.
        const evidence = page.locator('[data-item="api-health"] .golive-evidence');
        await evidence.locator('[data-condition="failed"]').waitFor();
        expect(await evidence.locator('[data-fact="status"]').innerText()).toContain('503');
        expect(await evidence.locator('[data-raw]').count()).toBe(0);
        // The sign-offs card says which role must sign and who holds it, before anyone signed.
        expect(await page.locator('[data-testid="signoffs"] [data-signoff-role="qa"][data-signed="no"]').innerText()).toContain('qa-li');
        await snap(page, 'run-failing-first');

        // The stand-in recovers; a recheck turns the item green without reloading the page (SSE).
        standIn.healthy = true;
        await page.locator('[data-item="api-health"] button', { hasText: pass.text.recheck }).click();
        await page.locator('[data-testid="variables-form"] #DEPLOY_TOKEN').fill(plantedSecret);
        await page.locator('[data-testid="variables-form"] button[type=submit]').click();
        await page.locator('[data-item="api-health"][data-status="pass"]').waitFor({ timeout: 15_000 });
        await snap(page, 'item-green-live');

        // QA on their own browser ticks the manual item with a photo, is refused as ops, signs as QA.
        const qa = await signedIn(browser, { url: server.url, username: 'qa-li', password, viewport: pass.viewport, locale: pass.locale }, pageErrors);
        pages.push(qa);
        await qa.goto(runUrl);
        await qa.locator('[data-item="smoke-test"] button.ant-btn-primary').click();
        await qa.getByRole('dialog').locator('#note').fill('ordered and paid 0.01 on an iPhone; order shows paid');
        await qa.getByRole('dialog').locator('input[type=file]').setInputFiles({ name: 'phone.png', mimeType: 'image/png', buffer: await qa.screenshot({ clip: { x: 0, y: 0, width: 320, height: 240 } }) });
        await snap(qa, 'verify-manual-item');
        await qa.getByRole('dialog').locator('button[type=submit]').click();
        await qa.locator('[data-item="smoke-test"][data-status="pass"]').waitFor();
        await expect.poll(() => qa.locator('[data-item="smoke-test"] img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);
        await snap(qa, 'manual-item-verified');

        const refused = await qa.evaluate(async (runPath) => {
          const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
          const response = await fetch(`/api/v1${runPath}/signoffs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ role: 'ops' }) });
          return { status: response.status, body: (await response.json()) as { error: { code: string; message: { en: string; zh: string } } } };
        }, new URL(runUrl).pathname);
        expect(refused.status).toBe(403);
        expect(pass.locale.startsWith('zh') ? refused.body.error.message.zh : refused.body.error.message.en).toContain(pass.text.refused);

        await qa.locator('button[data-sign="qa"]').click();
        expect(await qa.locator('button[data-sign="ops"]').count()).toBe(0);
        await qa.locator('[data-testid="gate-banner"].ant-alert-success').waitFor();
        await qa.locator('[data-signoff-role="qa"][data-signed="valid"]').waitFor();
        expect(await qa.locator('[data-testid="gate-banner"]').innerText()).toContain(pass.text.gatePassed);
        await snap(qa, 'gate-passed');
        await page.locator('[data-testid="gate-banner"].ant-alert-success').waitFor({ timeout: 15_000 });

        // A string: the test compiles without the DOM library.
        const overflow = await qa.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow).toBeLessThanOrEqual(0);
        for (const shown of [await page.content(), await qa.content()]) expect(shown).not.toContain(plantedSecret);
        expect(log.join('')).not.toContain(plantedSecret);
        expect(standIn.authorizations).toContain(`Bearer ${plantedSecret}`);

        // The administrator deactivates QA in Settings: QA's open page loses its session at once; signing in is refused.
        await page.goto(`${server.url}/settings`);
        await page.locator('[data-testid="deactivate-qa-li"]').click();
        await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
        await page.locator('[data-testid="reactivate-qa-li"]').waitFor();
        await snap(page, 'settings-user-deactivated');
        expect(await qa.evaluate<number>('fetch("/api/v1/session").then((response) => response.status)')).toBe(401);
        await qa.goto(`${server.url}/login`);
        await qa.locator('#username').fill('qa-li');
        await qa.locator('#password').fill(password);
        await qa.locator('button[type=submit]').click();
        await qa.locator('.ant-alert-error').filter({ hasText: pass.text.deactivated }).waitFor();
        await snap(qa, 'sign-in-deactivated');
        expect(pageErrors).toEqual([]);
        expect(readFileSync(join(shots, '01-setup.png')).length).toBeGreaterThan(1_000);
      } catch (error) {
        // What the screen showed when it failed, next to the steps that worked.
        for (const [index, page] of pages.entries()) await page.screenshot({ path: join(shots, `failure-${index}.png`), fullPage: true }).catch(() => undefined);
        throw error;
      } finally {
        await server.close();
        await standIn.close();
        await robots.close();
      }
    });
  }
});
