import type { Result, Status } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './index.js';
import { certificateLine, changesHeadline, changesOf, findingChangeLine } from './changes.js';
import { codeLabel, errorLabel, groupByTarget, isFinding, isWebUrl, sortResults } from './view.js';

const STATUS_WORD = { fail: 'FAIL', error: 'ERROR', warn: 'WARN', skip: 'SKIP', pass: 'PASS' } as const;
const DISPLAY_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

/**
 * One self-contained page: rendered on this side so it reads without scripts, no external
 * request (the CSP forbids them too), and the JSON report embedded for tools and diffing.
 */
export function renderHtml(report: Report, _opts?: RenderOptions): string {
  const env = report.environment;
  const status = report.summary.status;
  const title = `ndes-doctor: ${status.toUpperCase()}${env.host ? ` · ${env.host}` : ''}`;
  const body: string[] = [];
  body.push(
    `<header class="banner st-${esc(status)}"><h1>ndes-doctor report <span class="pill">${esc(status.toUpperCase())}</span></h1>`,
    `<p>${esc([env.host, report.run.mode, report.run.startedAt].filter(Boolean).join(' · '))} · exit ${report.summary.exitCode}</p></header>`,
  );
  body.push('<main>');
  body.push(...changesSection(report));
  body.push('<section id="summary"><h2>Summary</h2><div class="counts">');
  for (const s of DISPLAY_ORDER) {
    body.push(`<div class="count s-${s}"><b>${report.summary.counts[s]}</b><span>${STATUS_WORD[s]}</span></div>`);
  }
  body.push(
    `</div><p>Overall <b>${esc(status.toUpperCase())}</b> (exit ${report.summary.exitCode}); failures at or above severity <code>${esc(report.summary.failOn)}</code> exit 2.</p>`,
    '<p class="tools" hidden><button type="button" data-open="1">Expand all</button> <button type="button" data-open="0">Collapse all</button></p>',
    '</section>',
  );

  for (const [index, group] of groupByTarget(report.results).entries()) {
    const sorted = sortResults(group.results);
    const findings = sorted.filter(isFinding);
    const quiet = sorted.filter((r) => !isFinding(r));
    const suffix = group.target ? ` for <code>${esc(group.target)}</code>` : '';
    body.push(`<section class="group"><h2>Findings${suffix}</h2>`);
    if (!findings.length) body.push('<p class="none">No failures, errors or warnings.</p>');
    // A check probed on several targets appears once per target; element ids must stay unique.
    for (const r of findings) body.push(finding(r, group.target ? `${r.id}-target-${index}` : r.id));
    if (quiet.length) {
      body.push(`<h2>Passed and skipped${suffix}</h2><table class="quiet"><thead><tr><th>Status</th><th>Check</th><th>Title</th><th>Note</th></tr></thead><tbody>`);
      for (const r of quiet) {
        const note = r.status === 'skip' && r.skipReason ? `${r.message} (${r.skipReason})` : r.message;
        body.push(
          `<tr><td><span class="badge s-${r.status}">${STATUS_WORD[r.status]}</span></td><td><code>${esc(r.id)}</code></td><td>${esc(r.title)}</td><td>${esc(note)}</td></tr>`,
        );
      }
      body.push('</tbody></table>');
    }
    body.push('</section>');
  }

  if (report.runWarnings.length) {
    body.push('<section id="warnings"><h2>Run warnings</h2><ul>');
    for (const w of report.runWarnings) body.push(`<li>${esc(w)}</li>`);
    body.push('</ul></section>');
  }

  const envRows: [string, string | undefined][] = [
    ['Host', env.host],
    ['OS', env.os],
    ['Profile', env.profile],
    ['Bundle', env.bundle],
    ['Collected at', env.collectedAt],
    ['Collected by', env.collectedBy],
    ['Analysed on', `${env.platform}, Node ${env.node}`],
  ];
  const runRows: [string, string | undefined][] = [
    ['Tool', `${report.tool.name} ${report.tool.version} (report schema ${report.schemaVersion})`],
    ['Mode', report.run.mode],
    ['Started', report.run.startedAt],
    ['Duration', `${report.run.durationMs} ms`],
    ['Elevated', report.run.elevated === null ? 'unknown' : report.run.elevated ? 'yes' : 'no'],
    ['Command', `ndes-doctor ${report.run.argv.join(' ')}`],
    ['Timeouts', `${report.run.timeouts.checkMs} ms per check, ${report.run.timeouts.runMs} ms per run`],
    ['Only', report.config.only.join(', ') || undefined],
    ['Skip', report.config.skip.join(', ') || undefined],
    [
      'Redaction',
      report.redaction?.applied
        ? `${report.redaction.rules.join(', ')}; ${report.redaction.masked} values masked (best-effort: review before sharing)`
        : 'not applied',
    ],
  ];
  body.push(`<section id="environment"><h2>Environment</h2>${dl(envRows)}</section>`);
  body.push(`<section id="run"><h2>Run</h2>${dl(runRows)}</section>`);
  body.push('</main>');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
<script type="application/json" id="ndes-doctor-report">${embedJson(report)}</script>
<script>${JS}</script>
</body>
</html>
`;
}

function finding(r: Result, elementId: string): string {
  const rows: [string, string | undefined][] = [
    ['Expected', r.evidence?.expected],
    ['Actual', r.evidence?.actual],
    ['Source', r.evidence?.source],
  ];
  const parts = [
    `<details class="finding s-${r.status}" id="${esc(elementId)}" open>`,
    `<summary><span class="badge s-${r.status}">${STATUS_WORD[r.status]}</span> <code class="id">${esc(r.id)}</code> ${esc(r.title)} <span class="sev sev-${esc(r.severity)}">${esc(r.severity)}</span></summary>`,
    `<p class="msg">${esc(r.message)}</p>`,
  ];
  const evidence = rows.filter(([, v]) => v !== undefined).map(([k, v]) => `<dt>${k}</dt><dd><code>${esc(v!)}</code></dd>`);
  if (r.evidence?.codes?.length) {
    evidence.push(`<dt>Codes</dt><dd>${r.evidence.codes.map((c) => `<code>${esc(codeLabel(c))}</code>`).join(' ')}</dd>`);
  }
  if (r.error) evidence.push(`<dt>Error</dt><dd>${esc(errorLabel(r.error.code))}</dd>`);
  if (evidence.length) parts.push(`<dl>${evidence.join('')}</dl>`);
  if (r.remediation) {
    parts.push(`<div class="fix"><h4>How to fix</h4><p>${esc(r.remediation.text)}</p>`);
    const commands = r.remediation.commands ?? [];
    if (commands.length) parts.push(`<pre class="cmd"><code>${esc(commands.join('\n'))}</code></pre>`);
    if (r.remediation.docs) parts.push(`<p class="docs">Docs: ${link(r.remediation.docs)}</p>`);
    parts.push('</div>');
  }
  parts.push(`<p class="more">More: <code>ndes-doctor explain ${esc(r.id)}</code> · <code>${esc(r.docs)}</code></p>`);
  parts.push('</details>');
  return parts.join('\n');
}

/** What changed since the compared run (--history, --baseline), before the summary. */
function changesSection(report: Report): string[] {
  const changes = changesOf(report);
  if (!changes) return [];
  const out = ['<section id="changes"><h2>Changes</h2>', `<p>${esc(changesHeadline(changes))}</p>`];
  const items = [
    ...changes.new.map((f) => `<li class="s-fail"><b>new</b> ${esc(findingChangeLine(f))}</li>`),
    ...changes.resolved.map((f) => `<li class="s-pass"><b>resolved</b> ${esc(findingChangeLine(f))}</li>`),
    ...changes.changed.map((f) => `<li class="s-warn"><b>changed</b> ${esc(findingChangeLine(f))}</li>`),
  ];
  if (items.length) out.push(`<ul class="changes">${items.join('')}</ul>`);
  if (changes.certificates.length) {
    out.push(`<h3>Certificates, soonest expiry first</h3><ul>${changes.certificates.map((x) => `<li>${esc(certificateLine(x))}</li>`).join('')}</ul>`);
  }
  out.push('</section>');
  return out;
}

function dl(rows: [string, string | undefined][]): string {
  return `<dl>${rows
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v!)}</dd>`)
    .join('')}</dl>`;
}

function link(url: string): string {
  return isWebUrl(url) ? `<a href="${esc(url)}" rel="noreferrer noopener">${esc(url)}</a>` : `<code>${esc(url)}</code>`;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON that cannot end the script element or open a comment: `<`, `>` and `&` become \u escapes. */
export function embedJson(report: Report): string {
  return JSON.stringify(report)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root{--fail:#c62828;--error:#7b1fa2;--warn:#b26a00;--pass:#2e7d32;--skip:#6b7280;--ok:#2e7d32;--warning:#b26a00;--critical:#c62828;--unknown:#7b1fa2;--bg:#f6f7f9;--fg:#1f2328;--line:#d0d7de}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:1100px;margin:0 auto;padding:0 16px 40px}
.banner{color:#fff;padding:18px 24px}.banner h1{margin:0;font-size:22px}.banner p{margin:4px 0 0;opacity:.9}
.st-ok{background:var(--ok)}.st-warning{background:var(--warning)}.st-critical{background:var(--critical)}.st-unknown{background:var(--unknown)}
.pill{display:inline-block;margin-left:8px;padding:1px 10px;border-radius:12px;background:rgba(255,255,255,.25);font-size:15px;vertical-align:middle}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
.counts{display:flex;gap:10px;flex-wrap:wrap}.count{background:#fff;border:1px solid var(--line);border-top:4px solid;border-radius:6px;padding:8px 16px;min-width:90px;text-align:center}
.count b{display:block;font-size:24px}.count span{font-size:12px;letter-spacing:.05em;color:#57606a}
.count.s-fail{border-top-color:var(--fail)}.count.s-error{border-top-color:var(--error)}.count.s-warn{border-top-color:var(--warn)}.count.s-pass{border-top-color:var(--pass)}.count.s-skip{border-top-color:var(--skip)}
.finding{background:#fff;border:1px solid var(--line);border-left:6px solid;border-radius:6px;margin:12px 0;padding:4px 16px 10px}
.finding.s-fail{border-left-color:var(--fail)}.finding.s-error{border-left-color:var(--error)}.finding.s-warn{border-left-color:var(--warn)}
.finding summary{cursor:pointer;font-weight:600;padding:8px 0}
.badge{display:inline-block;min-width:52px;text-align:center;color:#fff;font-size:12px;font-weight:700;border-radius:4px;padding:1px 6px}
.badge.s-fail{background:var(--fail)}.badge.s-error{background:var(--error)}.badge.s-warn{background:var(--warn)}.badge.s-pass{background:var(--pass)}.badge.s-skip{background:var(--skip)}
.sev{font-size:12px;font-weight:400;border:1px solid var(--line);border-radius:10px;padding:0 8px;margin-left:6px;color:#57606a}
.sev-critical,.sev-high{color:var(--fail);border-color:var(--fail)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}
code{font:13px/1.4 ui-monospace,Consolas,monospace;background:#eef1f4;border-radius:3px;padding:0 3px}
.fix{background:#f0f7ff;border-radius:4px;padding:4px 12px;margin:8px 0}.fix h4{margin:6px 0 0}
pre.cmd{background:#1f2328;color:#e6edf3;padding:10px 12px;border-radius:4px;overflow-x:auto}pre.cmd code{background:none;color:inherit;padding:0}
table{border-collapse:collapse;width:100%;background:#fff}td:nth-child(-n+2){white-space:nowrap}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef1f4}
.more,.docs{font-size:13px;color:#57606a}.none{color:var(--pass)}
ul.changes li.s-fail b{color:var(--fail)}ul.changes li.s-pass b{color:var(--pass)}ul.changes li.s-warn b{color:var(--warn)}
button{font:inherit;font-size:13px;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
@media print{.tools{display:none}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

// Progressive enhancement only: everything above reads without it.
const JS = `
(function(){var t=document.querySelector('.tools');if(!t)return;t.hidden=false;
t.addEventListener('click',function(e){var v=e.target&&e.target.getAttribute&&e.target.getAttribute('data-open');if(v===null||v===undefined)return;
document.querySelectorAll('details.finding').forEach(function(d){d.open=v==='1';});});})();
`;
