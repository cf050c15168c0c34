import { describe, expect, it } from 'vitest';
import { embedJson, esc, renderHtml } from '../../src/report/html.js';
import { sampleReport, sampleReportWithChanges } from './sample.js';

const report = sampleReport();
const html = renderHtml(report, { color: false, verbose: false });
const embedded = /<script type="application\/json" id="ndes-doctor-report">([\s\S]*?)<\/script>/.exec(html)?.[1];

describe('renderHtml', () => {
  it('is one self-contained document with no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain("default-src 'none'");
  });

  it('embeds the JSON report so that it parses back to the same object', () => {
    expect(embedded).toBeDefined();
    expect(JSON.parse(embedded!)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('cannot let embedded JSON close the script element or open a comment', () => {
    expect(embedded).not.toMatch(/<\/script|<!--/i);
    const s = embedJson({ ...report, runWarnings: ['</script><script>alert(1)</script><!--', '\u2028'] });
    expect(s).not.toContain('<');
    expect(JSON.parse(s).runWarnings[0]).toBe('</script><script>alert(1)</script><!--');
  });

  it('escapes every server-provided string', () => {
    // Exactly two script elements: the embedded JSON and the page's own.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).toContain('Value is &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('MaxRequestBytes | pipes &#38; &#60;tags&#62;');
    expect(esc(`"'<>&`)).toBe('&#34;&#39;&#60;&#62;&#38;');
    // A script URL as a docs link is shown as text, never as href.
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<code>javascript:alert(1)</code>');
  });

  it('starts with the verdict and the run facts, then counts and the top findings linked to their details', () => {
    expect(html).toContain('<header class="banner st-critical">');
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    for (const fact of ['<li><span>Host</span> NDES02</li>', '<li><span>OS</span> Windows 10.0.20348</li>', '<li><span>Collected at</span> 2026-11-20T09:14:02.000Z</li>', '<li><span>Evaluated at</span> 2026-11-20T10:00:00.000Z</li>', '<li><span>Redaction</span> not applied</li>']) {
      expect(header).toContain(fact);
    }
    expect(html).toMatch(/<div class="count s-fail"><b>2<\/b>/);
    const top = html.slice(html.indexOf('<ol class="top">'), html.indexOf('</ol>'));
    const order = ['#NDES-IIS-001', '#NDES-NET-001-target-', '#NDES-HSYS-002', '#NDES-IE-002'].map((a) => top.indexOf(a));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html.indexOf('<ol class="top">')).toBeLessThan(html.indexOf('<section class="area'));
  });

  it('groups the results by area, each with its verdict, findings open and the rest collapsed', () => {
    expect(html).toMatch(/<section class="area v-fail" id="area-http-sys" data-area="http-sys">\n<h2><span class="badge s-fail">FAIL<\/span> HTTP\.sys \(kernel HTTP listener\) <small>1 fail · 1 pass<\/small><\/h2>/);
    expect(html).toContain('<section class="area v-error" id="area-iis"');
    expect(html).toContain('<details class="result finding s-fail" id="NDES-HSYS-002" data-status="fail" data-severity="medium" open>');
    expect(html).toContain('<details class="result quiet s-pass" id="NDES-HSYS-001" data-status="pass" data-severity="high">');
    expect(html).toContain('<p class="msg">Skipped: prerequisite NDES-IIS-001 did not pass (error). (prerequisite)</p>');
    expect(html).toContain('<dt>Error</dt><dd>E_FACT_UNAVAILABLE: The data this check needs could not be collected or read.</dd>');
    expect(html).toContain('<li>Not elevated: &#60;some&#62; settings could not be read.</li>');
  });

  it('shows each command on its own with its shell and a copy button', () => {
    expect(html).toContain(
      '<div class="cmd" data-shell="cmd"><div class="cmd-head"><span class="shell">Command Prompt (cmd)</span><button type="button" class="copy" hidden>Copy</button></div><pre><code>reg add &#34;HKLM\\SYSTEM',
    );
    expect(html).toContain('<div class="cmd" data-shell="powershell"><div class="cmd-head"><span class="shell">PowerShell</span><button type="button" class="copy" hidden>Copy</button></div><pre><code>Write-Output &#34;```&#34;</code></pre></div>');
    expect(html.match(/<button type="button" class="copy"/g)).toHaveLength(4);
  });

  it('has filters by status and severity and a search box, shown only when the script runs', () => {
    expect(html).toMatch(/<nav class="toolbar" id="toolbar" aria-label="Filters" hidden>/);
    for (const s of ['fail', 'error', 'warn', 'pass', 'skip']) expect(html).toContain(`<input type="checkbox" name="status" value="${s}" checked>`);
    for (const s of ['critical', 'high', 'medium', 'low', 'info']) expect(html).toContain(`<input type="checkbox" name="severity" value="${s}" checked>`);
    expect(html).toContain('<input type="search" id="search"');
  });

  it('has a dark theme and a print stylesheet that wraps commands', () => {
    expect(html).toContain('@media (prefers-color-scheme:dark)');
    expect(html).toContain(':root[data-theme=dark]');
    const print = html.slice(html.indexOf('@media print'));
    expect(print).toMatch(/\.cmd pre,pre,code\{white-space:pre-wrap!important;overflow:visible!important/);
    expect(print).toContain('.toolbar,.copy{display:none!important}');
  });

  it('puts each probed target under its own area heading, with unique element ids', () => {
    const at = html.indexOf('SCEP endpoint, as devices see it <code>https://ndes.contoso.com/certsrv/mscep/mscep.dll</code>');
    expect(at).toBeGreaterThan(-1);
    expect(html.indexOf('id="NDES-NET-001-target-')).toBeGreaterThan(at);
    expect(html).toContain('SCEP endpoint, as devices see it <code>https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll</code>');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('renderHtml with --history or --baseline', () => {
  const changed = renderHtml(sampleReportWithChanges(), { color: false, verbose: false });

  it('puts the Changes section right after the verdict, before the summary, escaped', () => {
    const at = changed.indexOf('<section id="changes">');
    expect(at).toBeGreaterThan(changed.indexOf('</header>'));
    expect(at).toBeLessThan(changed.indexOf('<section id="summary">'));
    expect(changed).toContain('<li class="s-fail"><b>new</b> FAIL NDES-HSYS-002 MaxRequestBytes | pipes &#38; &#60;tags&#62; [medium] (was PASS)</li>');
    expect(changed).toContain('<li class="s-pass"><b>resolved</b> PASS NDES-HSYS-001');
    expect(changed).toContain('TLS certificate &#34;CN=&#60;ndes&#62; &#38; &#34;co&#34;&#34;');
    expect(changed).not.toContain('<ndes>');
  });

  it('has no Changes section without a comparison', () => {
    expect(html).not.toContain('id="changes"');
  });
});
