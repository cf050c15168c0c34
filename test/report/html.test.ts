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
    expect(html).toContain('MaxRequestBytes &#124;'.replace('&#124;', '|') + ' pipes &#38; &#60;tags&#62;');
    expect(esc(`"'<>&`)).toBe('&#34;&#39;&#60;&#62;&#38;');
    // A script URL as a docs link is shown as text, never as href.
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<code>javascript:alert(1)</code>');
  });

  it('renders summary, findings with fixes and commands, passed/skipped, environment and run warnings', () => {
    expect(html).toContain('<header class="banner st-critical">');
    expect(html).toMatch(/<div class="count s-fail"><b>2<\/b>/);
    expect(html).toContain('<details class="finding s-fail" id="NDES-HSYS-002" open>');
    expect(html).toContain('<pre class="cmd"><code>reg add &#34;HKLM\\SYSTEM');
    expect(html).toContain('<td><code>NDES-IIS-002</code></td>');
    expect(html).toContain('Skipped: prerequisite NDES-IIS-001 did not pass (error). (prerequisite)');
    expect(html).toContain('<dt>OS</dt><dd>Windows 10.0.20348</dd>');
    expect(html).toContain('<li>Not elevated: &#60;some&#62; settings could not be read.</li>');
    expect(html).toContain('<dt>Error</dt><dd>E_FACT_UNAVAILABLE: The data this check needs could not be collected or read.</dd>');
  });

  it('puts each probed target under its own heading', () => {
    const at = html.indexOf('<h2>Findings for <code>https://ndes.contoso.com/certsrv/mscep/mscep.dll</code></h2>');
    expect(at).toBeGreaterThan(-1);
    expect(html.indexOf('id="NDES-NET-001-target-1"')).toBeGreaterThan(at);
    expect(html).toContain('<h2>Passed and skipped for <code>https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll</code></h2>');
  });
});

describe('renderHtml with --history or --baseline', () => {
  const changed = renderHtml(sampleReportWithChanges(), { color: false, verbose: false });

  it('puts the Changes section first in the page, escaped', () => {
    const at = changed.indexOf('<section id="changes">');
    expect(at).toBeGreaterThan(0);
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
