import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { installed, suiteName } from '../helpers/requires.js';
import { sampleReport } from './sample.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = installed(`Chromium (${CHROMIUM})`, existsSync(CHROMIUM), 'chromium');

const OUT = resolve('test-output');
const run = promisify(execFile);

describe.skipIf(!hasChromium)(suiteName('HTML report in headless Chromium', hasChromium, 'chromium'), () => {
  let context: BrowserContext;
  let profile: string;
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'ndes-doctor-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    context.on('request', (r) => requests.push(r.url()));
    context.on('page', (p) => p.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss())));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows the failing checks of examples/broken with their fixes, offline, and makes no network request', async () => {
    const file = join(OUT, 'broken.html');
    await run(process.execPath, ['bin/ndes-doctor.js', 'check', '--bundle', 'examples/broken', '-o', `html=${file}`, '--force', '--quiet', '-f', 'json']).catch(
      (e: { code?: number }) => {
        if (e.code !== 2 && e.code !== 3) throw e;
      },
    );
    const url = pathToFileURL(file).href;
    requests.length = 0;
    const page = await context.newPage();
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(url);
    await page.waitForLoadState('load');

    for (const id of ['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IE-001']) {
      const finding = page.locator(`details.finding.s-fail[id="${id}"]`);
      await expect.poll(() => finding.isVisible()).toBe(true);
      expect(await finding.locator('summary').innerText()).toContain(id);
    }
    expect(await page.locator('details[id="NDES-HSYS-001"] .fix').innerText()).toContain('Set MaxFieldLength to 65534');
    expect(await page.locator('details[id="NDES-HSYS-001"] pre.cmd').innerText()).toContain(
      'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength /t REG_DWORD /d 65534 /f',
    );
    // The embedded JSON is readable by scripts on the page and matches what is shown.
    const embedded = await page.evaluate(() => JSON.parse(document.getElementById('ndes-doctor-report')!.textContent!));
    expect(embedded.summary.counts.fail).toBe(await page.locator('details.finding.s-fail').count());

    // The small script works: collapsing hides the fix text.
    await page.getByRole('button', { name: 'Collapse all' }).click();
    expect(await page.locator('details[id="NDES-HSYS-001"] .fix').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Expand all' }).click();
    expect(await page.locator('details[id="NDES-HSYS-001"] .fix').isVisible()).toBe(true);

    // The first screen is what a reader judges the report by; a full page of every check is too tall to look at.
    await page.screenshot({ path: join(OUT, 'report.png') });
    expect(requests.filter((r) => r !== url)).toEqual([]);
    await page.close();
  });

  it('does not run script text that came from the server', async () => {
    const file = join(OUT, 'injection.html');
    const report = sampleReport();
    report.results[1]!.message = '<script>alert("msg")</script><img src=x onerror=alert("img")>';
    report.runWarnings.push('</script><script>alert("json")</script>');
    writeFileSync(file, renderHtml(report, { color: false, verbose: false }));
    requests.length = 0;
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    expect(await page.locator('details[id="NDES-HSYS-002"] .msg').innerText()).toBe(report.results[1]!.message);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.filter((r) => !r.startsWith('file:'))).toEqual([]);
    await page.close();
  });
});
