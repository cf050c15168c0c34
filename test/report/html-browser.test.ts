import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/html.js';
import { installed, suiteName } from '../helpers/requires.js';
import { sampleReport } from './sample.js';

const CHROMIUM = '/usr/bin/chromium';
const PDFTOTEXT = '/usr/bin/pdftotext';
const hasChromium = installed(`Chromium (${CHROMIUM})`, existsSync(CHROMIUM), 'chromium');
const hasPoppler = installed(`pdftotext (${PDFTOTEXT})`, existsSync(PDFTOTEXT), 'poppler-utils');
const HEADLESS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const OUT = resolve('test-output');
const run = promisify(execFile);

/** examples/broken as the html report a support engineer opens: its JSON twin says what the page must show. */
async function brokenReport(): Promise<{ file: string; report: Report }> {
  const file = join(OUT, 'broken.html');
  const json = join(OUT, 'broken.json');
  await run(process.execPath, ['bin/ndes-doctor.js', 'check', '--bundle', 'examples/broken', '-o', `html=${file}`, '-o', `json=${json}`, '--force', '--quiet', '-f', 'nagios']).catch(
    (e: { code?: number }) => {
      if (e.code !== 2 && e.code !== 3) throw e;
    },
  );
  return { file, report: JSON.parse(readFileSync(json, 'utf8')) as Report };
}

const visibleIds = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => `${e.getAttribute('data-status')}:${e.getAttribute('data-severity')}:${e.id}`));

describe.skipIf(!hasChromium)(suiteName('HTML report in headless Chromium', hasChromium, 'chromium'), () => {
  let context: BrowserContext;
  let profile: string;
  let broken: { file: string; report: Report };
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'ndes-doctor-chromium-'));
    [context, broken] = await Promise.all([
      chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: HEADLESS, viewport: { width: 1200, height: 900 } }),
      brokenReport(),
    ]);
    context.on('request', (r) => requests.push(r.url()));
    context.on('page', (p) => p.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss())));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(file: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    return page;
  }

  it('shows the verdict, the top findings and the failing checks of examples/broken with their fixes, offline', async () => {
    requests.length = 0;
    const page = await open(broken.file);
    expect(await page.locator('header .pill').innerText()).toBe('CRITICAL');
    expect(await page.locator('header ul.facts').innerText()).toMatch(/Host NDES02[\s\S]*Connector Microsoft Intune Connector 6\.1905\.0\.404 \(retired\)[\s\S]*Collected at 2026-11-20T09:14:02\.000Z[\s\S]*Evaluated at 2026-11-20T09:14:02\.000Z[\s\S]*Redaction /);
    // The first entry of the summary is the most severe finding, and its link leads to it.
    const first = page.locator('ol.top li a').first();
    expect(await first.innerText()).toMatch(/^FAIL critical NDES-/);
    for (const id of ['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IE-001']) {
      const finding = page.locator(`details.finding.s-fail[id="${id}"]`);
      await expect.poll(() => finding.isVisible()).toBe(true);
      expect(await finding.locator('summary').innerText()).toContain(id);
    }
    expect(await page.locator('section#area-http-sys > h2').innerText()).toMatch(/^FAIL HTTP\.sys/);
    expect(await page.locator('details[id="NDES-HSYS-001"] .fix').innerText()).toContain('Set MaxFieldLength to 65534');
    const command = page.locator('details[id="NDES-HSYS-001"] .cmd').first();
    expect(await command.getAttribute('data-shell')).toBe('cmd');
    expect(await command.locator('.shell').innerText()).toBe('Command Prompt (cmd)');
    expect(await command.locator('pre').innerText()).toBe('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength /t REG_DWORD /d 65534 /f');
    // The embedded JSON is readable by scripts on the page and matches what is shown.
    const embedded = await page.evaluate(() => JSON.parse(document.getElementById('ndes-doctor-report')!.textContent!));
    expect(embedded.summary.counts.fail).toBe(await page.locator('details.finding.s-fail').count());
    await page.screenshot({ path: join(OUT, 'report.png') });
    expect(requests.filter((r) => !r.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  it('filters by status and severity, searches, and hides an area left empty', async () => {
    const page = await open(broken.file);
    const counts = broken.report.summary.counts;
    const all = await visibleIds(page, 'details.result');
    expect(all).toHaveLength(broken.report.results.length);
    expect(await page.locator('#shown').innerText()).toBe(`${all.length} of ${all.length} checks shown`);

    for (const s of ['fail', 'error', 'pass', 'skip']) await page.locator(`#toolbar input[name=status][value=${s}]`).uncheck();
    const warnings = await visibleIds(page, 'details.result');
    expect(warnings).toHaveLength(counts.warn);
    expect(warnings.every((w) => w.startsWith('warn:'))).toBe(true);
    // The HTTP.sys area has no warning, so the whole section goes.
    expect(await page.locator('section#area-http-sys').isVisible()).toBe(false);

    await page.locator('#toolbar input[name=status][value=fail]').check();
    await page.locator('#toolbar input[name=severity][value=critical]').uncheck();
    const nonCritical = await visibleIds(page, 'details.result');
    const expected = broken.report.results.filter((r) => (r.status === 'fail' || r.status === 'warn') && r.severity !== 'critical');
    expect(nonCritical).toHaveLength(expected.length);
    expect(nonCritical.some((w) => w.includes(':critical:'))).toBe(false);

    await page.locator('#toolbar input[name=severity][value=critical]').check();
    await page.locator('#search').fill('maxfieldlength');
    const found = await visibleIds(page, 'details.result');
    expect(found.length).toBeGreaterThan(0);
    expect(found).toContain('fail:high:NDES-HSYS-001');
    expect(found).not.toContain('fail:high:NDES-HSYS-002');
    await page.locator('#search').fill('no such text anywhere');
    expect(await visibleIds(page, 'details.result')).toEqual([]);
    expect(await page.locator('#nomatch').isVisible()).toBe(true);
    await page.close();
  });

  it('has a copy button on every command that puts the exact command on the clipboard', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await open(broken.file);
    const commands = broken.report.results.flatMap((r) => r.remediation?.commands ?? []);
    expect(commands.length).toBeGreaterThan(20);
    expect(await page.locator('.cmd button.copy:visible').count()).toBe(commands.length);
    const block = page.locator('details[id="NDES-IIS-005"] .cmd').first();
    await block.locator('button.copy').click();
    await expect.poll(() => block.locator('button.copy').innerText()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await block.locator('code').textContent());
    expect(await block.locator('code').textContent()).toMatch(/^%windir%\\system32\\inetsrv\\appcmd\.exe set config /);
    await page.close();
  });

  it('switches between light and dark themes', async () => {
    const page = await open(broken.file);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const button = page.locator('#theme');
    await button.click();
    expect(await button.innerText()).toBe('Theme: light');
    const light = await background();
    await button.click();
    expect(await button.innerText()).toBe('Theme: dark');
    const dark = await background();
    expect(light).toBe('rgb(246, 247, 249)');
    expect(dark).toBe('rgb(13, 17, 23)');
    await button.click();
    expect(await button.innerText()).toBe('Theme: auto');
    await page.close();
  });

  it('does not run script text that came from the server', async () => {
    const file = join(OUT, 'injection.html');
    const report = sampleReport();
    report.results[1]!.message = '<script>alert("msg")</script><img src=x onerror=alert("img")>';
    report.runWarnings.push('</script><script>alert("json")</script>');
    writeFileSync(file, renderHtml(report, { color: false, verbose: false }));
    requests.length = 0;
    dialogs.length = 0;
    const page = await open(file);
    expect(await page.locator('details[id="NDES-HSYS-002"] .msg').innerText()).toBe(report.results[1]!.message);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.filter((r) => !r.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  describe.skipIf(!hasPoppler)(suiteName('printed to PDF', hasPoppler, 'poppler-utils'), () => {
    it('cuts off no command: each is on the page whole, inside its width', async () => {
      const pdf = join(OUT, 'broken.pdf');
      rmSync(pdf, { force: true });
      await run(CHROMIUM, [...HEADLESS, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'ndes-doctor-print-'))}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(broken.file).href], {
        timeout: 60_000,
      });
      const { stdout: bbox } = await run(PDFTOTEXT, ['-bbox', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
      const pages = [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
      expect(pages.length).toBeGreaterThan(3);
      // Every word lies within its page: a line cut off at the right edge would end beyond it.
      for (const [, width, , body] of pages) {
        for (const w of body!.matchAll(/<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"/g)) {
          expect(Number(w[1])).toBeGreaterThanOrEqual(0);
          expect(Number(w[2])).toBeLessThanOrEqual(Number(width));
        }
      }
      // And every command's text is there in full, wherever the print wrapped it. Read from the words as placed: plain
      // pdftotext output drops a hyphen that ends a line (`Web-WMI -` / `IncludeManagementTools`), which the page shows.
      const unescape = (w: string) => w.replace(/&(lt|gt|quot|apos|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", amp: '&' })[e]!);
      const printed = [...bbox.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => unescape(w[1]!)).join('');
      const commands = broken.report.results.flatMap((r) => (r.remediation?.commands ?? []).map((c) => `${r.id}: ${c.text}`));
      expect(commands.length).toBeGreaterThan(20);
      const missing = commands.filter((c) => !printed.includes(c.slice(c.indexOf(': ') + 2).replace(/\s+/g, '')));
      expect(missing).toEqual([]);
    }, 90_000);
  });
});
