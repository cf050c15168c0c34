import { SEVERITIES, type Result, type Status } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './renderer.js';
import { certificateLine, changesHeadline, changesOf, findingChangeLine } from './changes.js';
import {
  areaSections,
  codeLabel,
  COUNT_ORDER,
  countsLine,
  errorLabel,
  isFinding,
  isWebUrl,
  SHELL_NAMES,
  serverFacts,
  serverViews,
  STATUS_WORD,
  TOP_FINDINGS,
  targetOf,
  topFindings,
  type AreaSection,
  type ServerView,
} from './view.js';

/**
 * One self-contained page: rendered on this side so it reads without scripts, no external
 * request (the CSP forbids them too), and the JSON report embedded for tools and diffing. A small
 * script adds filters, search, copy buttons and the theme switch; the print stylesheet wraps every
 * line, so nothing is cut off on paper.
 */
export function renderHtml(report: Report, _opts?: RenderOptions): string {
  const env = report.environment;
  const status = report.summary.status;
  const servers = serverViews(report);
  const title = `ndes-doctor: ${status.toUpperCase()}${env.host ? ` · ${env.host}` : ''}${servers ? ` · ${servers.length} servers` : ''}`;
  const body: string[] = [];

  body.push(
    `<header class="banner st-${esc(status)}"><div class="wrap">`,
    `<h1>ndes-doctor report <span class="pill">${esc(status.toUpperCase())}</span></h1>`,
    `<p class="verdict">Exit ${report.summary.exitCode}${report.run.exitZero ? ' (forced to 0 by --exit-zero)' : ''} · ${esc(countsLine(report.summary.counts, ' · '))}. ` +
      `Failures at or above severity <b>${esc(report.summary.failOn)}</b> exit 2.</p>`,
    `<ul class="facts">${factRows(report)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<li><span>${esc(k)}</span> ${esc(v!)}</li>`)
      .join('')}</ul>`,
    '</div></header>',
  );
  body.push(toolbar(report));
  body.push('<main>');
  body.push(...changesSection(report));
  if (servers) {
    body.push(...serverTable(report, servers));
    for (const [index, view] of servers.entries()) body.push(...serverSection(view, `server-${index + 1}`));
  } else {
    body.push(...details(report, ''));
  }
  body.push('<p id="nomatch" class="none" hidden>No check matches these filters.</p>');

  if (report.runWarnings.length) {
    body.push('<section id="warnings"><h2>Run warnings</h2><ul>');
    for (const w of report.runWarnings) body.push(`<li>${esc(w)}</li>`);
    body.push('</ul></section>');
  }
  body.push(`<section id="environment"><h2>Environment and run</h2>${dl(environmentRows(report))}</section>`);
  body.push('</main>');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
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

/** The summary and each area of one server; `prefix` keeps element ids unique when a page holds several servers. */
function details(report: Report, prefix: string): string[] {
  const sections = areaSections(report.results);
  const ids = elementIds(sections, prefix);
  return [
    ...summarySection(report, ids, prefix),
    ...sections.map((section, index) => areaSection(section, `${prefix}area-${section.area}${section.target ? `-${index}` : ''}`, ids)),
  ];
}

/** A fleet run: the counts of all, then one row per server linking to its section. */
function serverTable(report: Report, servers: readonly ServerView[]): string[] {
  const out = ['<section id="summary"><h2>Servers</h2><div class="counts">'];
  for (const s of COUNT_ORDER) out.push(`<div class="count s-${s}"><b>${report.summary.counts[s]}</b><span>${STATUS_WORD[s]}</span></div>`);
  out.push('</div>', `<table class="servers"><thead><tr><th>Server</th><th>Result</th><th>Exit</th>${COUNT_ORDER.map((s) => `<th>${STATUS_WORD[s]}</th>`).join('')}<th>Source</th></tr></thead><tbody>`);
  for (const [index, { server: s }] of servers.entries()) {
    out.push(
      `<tr><td><a href="#server-${index + 1}">${esc(s.name)}</a></td><td><span class="pill st-${esc(s.status)}">${esc(s.status.toUpperCase())}</span></td><td>${s.exitCode}</td>` +
        `${COUNT_ORDER.map((x) => `<td>${s.counts[x]}</td>`).join('')}<td>${esc(`${s.mode} ${s.source}`)}</td></tr>`,
    );
  }
  out.push('</tbody></table></section>');
  return out;
}

function serverSection({ server, report }: ServerView, id: string): string[] {
  const out = [
    `<section class="server" id="${id}"><h2 class="server-head"><span class="pill st-${esc(server.status)}">${esc(server.status.toUpperCase())}</span> ${esc(server.name)} <small>exit ${server.exitCode}</small></h2>`,
    dl(serverFacts(server)),
  ];
  if (server.notStarted !== undefined) out.push(`<p class="not-started">Not checked: ${esc(server.notStarted)}</p>`);
  else out.push(...details(report, `${id}-`));
  if (server.runWarnings.length) out.push(`<ul class="notes">${server.runWarnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
  out.push('</section>');
  return out;
}

/** The facts a support engineer looks for first, in the header. */
function factRows(report: Report): [string, string | undefined][] {
  const env = report.environment;
  return [
    ['Servers', report.servers?.map((x) => x.name).join(', ')],
    ['Host', env.host],
    ['OS', env.os],
    ['Connector', env.connector],
    ['Collected at', env.collectedAt],
    ['Evaluated at', report.run.evaluatedAt],
    ['Redaction', redactionText(report)],
  ];
}

function environmentRows(report: Report): [string, string | undefined][] {
  const env = report.environment;
  return [
    ...factRows(report),
    ['Mode', report.run.mode],
    ['Profile', env.profile],
    ['Bundle', env.bundle],
    ['Collected by', env.collectedBy],
    ['Elevated', report.run.elevated === null ? 'unknown' : report.run.elevated ? 'yes' : 'no'],
    ['Tool', `${report.tool.name} ${report.tool.version} (report schema ${report.schemaVersion})`],
    ['Analysed on', `${env.platform}, Node ${env.node}`],
    ['Started', report.run.startedAt],
    ['Duration', `${report.run.durationMs} ms`],
    ['Command', `ndes-doctor ${report.run.argv.join(' ')}`],
    ['Timeouts', `${report.run.timeouts.checkMs} ms per check, ${report.run.timeouts.runMs} ms per run`],
    ['Only', report.config.only.join(', ') || undefined],
    ['Skip', report.config.skip.join(', ') || undefined],
  ];
}

function redactionText(report: Report): string {
  return report.redaction?.applied
    ? `${report.redaction.rules.join(', ')}; ${report.redaction.masked} values masked (best-effort: review before sharing)`
    : 'not applied';
}

/** Filters, search and buttons: hidden until the script shows them, since without it they would do nothing. */
function toolbar(report: Report): string {
  const statuses = COUNT_ORDER.map(
    (s) => `<label class="chip s-${s}"><input type="checkbox" name="status" value="${s}" checked> ${STATUS_WORD[s]} <span>${report.summary.counts[s]}</span></label>`,
  ).join('');
  const severities = SEVERITIES.map((s) => `<label class="chip"><input type="checkbox" name="severity" value="${s}" checked> ${s}</label>`).join('');
  return (
    '<nav class="toolbar" id="toolbar" aria-label="Filters" hidden><div class="wrap">' +
    `<fieldset><legend>Status</legend>${statuses}</fieldset>` +
    `<fieldset><legend>Severity</legend>${severities}</fieldset>` +
    '<input type="search" id="search" placeholder="Search checks, messages, commands" aria-label="Search">' +
    '<span class="buttons"><button type="button" data-open="1">Expand all</button><button type="button" data-open="0">Collapse all</button>' +
    '<button type="button" id="theme" title="Light, dark, or as the system is set">Theme: auto</button></span>' +
    '<output id="shown"></output></div></nav>'
  );
}

/** Element ids: a check probed on several targets appears once per target, and ids must stay unique. */
function elementIds(sections: readonly AreaSection[], prefix: string): Map<Result, string> {
  const ids = new Map<Result, string>();
  for (const [index, section] of sections.entries()) {
    for (const r of section.results) ids.set(r, `${prefix}${section.target ? `${r.id}-target-${index}` : r.id}`);
  }
  return ids;
}

function summarySection(report: Report, ids: Map<Result, string>, prefix: string): string[] {
  const out = [`<section id="${prefix}summary"><h2>Summary</h2><div class="counts">`];
  for (const s of COUNT_ORDER) out.push(`<div class="count s-${s}"><b>${report.summary.counts[s]}</b><span>${STATUS_WORD[s]}</span></div>`);
  out.push('</div>');
  const top = topFindings(report.results);
  if (top.length === 0) {
    out.push(`<p class="none">${report.run.notStarted === undefined ? 'No failures, errors or warnings.' : 'Nothing was checked.'}</p>`);
  } else {
    out.push('<h3>Top findings, most severe first</h3><ol class="top">');
    for (const r of top.slice(0, TOP_FINDINGS)) {
      const target = targetOf(r);
      out.push(
        `<li><a href="#${esc(ids.get(r) ?? r.id)}"><span class="badge s-${r.status}">${STATUS_WORD[r.status]}</span> <span class="sev sev-${esc(r.severity)}">${esc(r.severity)}</span> ` +
          `<code>${esc(r.id)}</code> ${esc(r.title)}${target ? ` <small>${esc(target)}</small>` : ''}</a></li>`,
      );
    }
    out.push('</ol>');
    if (top.length > TOP_FINDINGS) out.push(`<p class="more">And ${top.length - TOP_FINDINGS} more in the areas below.</p>`);
  }
  out.push('</section>');
  return out;
}

function areaSection(section: AreaSection, id: string, ids: Map<Result, string>): string {
  const parts = [
    `<section class="area v-${section.verdict}" id="${esc(id)}" data-area="${esc(section.area)}">`,
    `<h2><span class="badge s-${section.verdict}">${STATUS_WORD[section.verdict]}</span> ${esc(section.title)}${section.target ? ` <code>${esc(section.target)}</code>` : ''} ` +
      `<small>${esc(countsLine(section.counts, ' · '))}</small></h2>`,
  ];
  for (const r of section.results) parts.push(result(r, ids.get(r) ?? r.id));
  parts.push('</section>');
  return parts.join('\n');
}

function result(r: Result, elementId: string): string {
  const finding = isFinding(r);
  const parts = [
    `<details class="result ${finding ? 'finding' : 'quiet'} s-${r.status}" id="${esc(elementId)}" data-status="${r.status}" data-severity="${esc(r.severity)}"${finding ? ' open' : ''}>`,
    `<summary><span class="badge s-${r.status}">${STATUS_WORD[r.status]}</span> <code class="id">${esc(r.id)}</code> ${esc(r.title)} <span class="sev sev-${esc(r.severity)}">${esc(r.severity)}</span></summary>`,
    `<p class="msg">${esc(r.status === 'skip' && r.skipReason ? `${r.message} (${r.skipReason})` : r.message)}</p>`,
  ];
  const rows: [string, string | undefined][] = [
    ['Expected', r.evidence?.expected],
    ['Actual', r.evidence?.actual],
    ['Source', r.evidence?.source],
  ];
  const evidence = rows.filter(([, v]) => v !== undefined).map(([k, v]) => `<dt>${k}</dt><dd><code>${esc(v!)}</code></dd>`);
  if (r.evidence?.codes?.length) {
    evidence.push(`<dt>Codes</dt><dd>${r.evidence.codes.map((c) => `<code>${esc(codeLabel(c))}</code>`).join(' ')}</dd>`);
  }
  if (r.error) evidence.push(`<dt>Error</dt><dd>${esc(errorLabel(r.error.code))}</dd>`);
  if (evidence.length) parts.push(`<dl>${evidence.join('')}</dl>`);
  if (r.remediation) {
    parts.push(`<div class="fix"><h4>How to fix</h4><p>${esc(r.remediation.text)}</p>`);
    for (const c of r.remediation.commands ?? []) {
      parts.push(
        `<div class="cmd" data-shell="${c.shell}"><div class="cmd-head"><span class="shell">${SHELL_NAMES[c.shell]}</span>` +
          `<button type="button" class="copy" hidden>Copy</button></div><pre><code>${esc(c.text)}</code></pre></div>`,
      );
    }
    if (r.remediation.docs) parts.push(`<p class="docs">Docs: ${link(r.remediation.docs)}</p>`);
    parts.push('</div>');
  }
  parts.push(`<p class="more">More: <code>ndes-doctor explain ${esc(r.id)}</code> · <code>${esc(r.docs)}</code></p>`);
  parts.push('</details>');
  return parts.join('\n');
}

/** What changed since the compared run (--history, --baseline), right after the verdict. */
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

/** Colours of each status and theme; the dark theme applies by system setting unless the switch chose light. */
const LIGHT = '--bg:#f6f7f9;--fg:#1f2328;--muted:#57606a;--card:#fff;--line:#d0d7de;--code:#eef1f4;--fixbg:#f0f7ff;--pre:#1f2328;--prefg:#e6edf3';
const DARK = '--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--card:#161b22;--line:#30363d;--code:#262c36;--fixbg:#152238;--pre:#010409;--prefg:#e6edf3';

const CSS = `
:root{--fail:#c62828;--error:#8e24aa;--warn:#b26a00;--pass:#2e7d32;--skip:#6b7280;--ok:#2e7d32;--warning:#b26a00;--critical:#c62828;--unknown:#7b1fa2;${LIGHT};color-scheme:light}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){${DARK};color-scheme:dark}}
:root[data-theme=dark]{${DARK};color-scheme:dark}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
.wrap,main{max-width:1100px;margin:0 auto;padding:0 16px}main{padding-bottom:40px}
a{color:inherit}
.banner{color:#fff;padding:16px 0 10px}.banner h1{margin:0;font-size:22px}.banner p{margin:4px 0}
.st-ok{background:var(--ok)}.st-warning{background:var(--warning)}.st-critical{background:var(--critical)}.st-unknown{background:var(--unknown)}
.pill{display:inline-block;margin-left:8px;padding:1px 10px;border-radius:12px;background:rgba(255,255,255,.25);font-size:15px;vertical-align:middle}
ul.facts{display:flex;flex-wrap:wrap;gap:2px 18px;margin:6px 0 0;padding:0;list-style:none;font-size:13px;font-weight:600}ul.facts li{overflow-wrap:anywhere}ul.facts span{font-weight:400;opacity:.85}
.toolbar{position:sticky;top:0;z-index:2;background:var(--card);border-bottom:1px solid var(--line);padding:6px 0;font-size:13px}
.toolbar .wrap{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px;align-items:center}legend{float:left;color:var(--muted);margin-right:4px}
.chip{border:1px solid var(--line);border-radius:12px;padding:0 8px;cursor:pointer;white-space:nowrap}.chip span{color:var(--muted)}
#search{flex:1;min-width:180px;font:inherit;padding:3px 8px;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
#shown{color:var(--muted)}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}h2 small{font-size:13px;font-weight:400;color:var(--muted);margin-left:6px}
.counts{display:flex;gap:10px;flex-wrap:wrap}.count{background:var(--card);border:1px solid var(--line);border-top:4px solid;border-radius:6px;padding:8px 16px;min-width:90px;text-align:center}
.count b{display:block;font-size:24px}.count span{font-size:12px;letter-spacing:.05em;color:var(--muted)}
.count.s-fail{border-top-color:var(--fail)}.count.s-error{border-top-color:var(--error)}.count.s-warn{border-top-color:var(--warn)}.count.s-pass{border-top-color:var(--pass)}.count.s-skip{border-top-color:var(--skip)}
ol.top{padding-left:24px}ol.top li{margin:3px 0}ol.top a{text-decoration:none}ol.top a:hover{text-decoration:underline}ol.top small{color:var(--muted);overflow-wrap:anywhere}
.result{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--skip);border-radius:6px;margin:10px 0;padding:2px 16px 8px}
.result.s-fail{border-left-color:var(--fail)}.result.s-error{border-left-color:var(--error)}.result.s-warn{border-left-color:var(--warn)}.result.s-pass{border-left-color:var(--pass)}
.result.quiet{margin:6px 0;padding:0 16px}.result.quiet summary{font-weight:400}
.result summary{cursor:pointer;font-weight:600;padding:7px 0}
.result,section{scroll-margin-top:96px}
.badge{display:inline-block;min-width:52px;text-align:center;color:#fff;font-size:12px;font-weight:700;border-radius:4px;padding:1px 6px;vertical-align:1px}
.badge.s-fail{background:var(--fail)}.badge.s-error{background:var(--error)}.badge.s-warn{background:var(--warn)}.badge.s-pass{background:var(--pass)}.badge.s-skip{background:var(--skip)}
.sev{font-size:12px;font-weight:400;border:1px solid var(--line);border-radius:10px;padding:0 8px;margin-left:6px;color:var(--muted)}
.sev-critical,.sev-high{color:var(--fail);border-color:var(--fail)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere;min-width:0}
code{font:13px/1.4 ui-monospace,Consolas,monospace;background:var(--code);border-radius:3px;padding:0 3px;overflow-wrap:anywhere}
.fix{background:var(--fixbg);border-radius:4px;padding:4px 12px 8px;margin:8px 0}.fix h4{margin:6px 0 0}
.cmd{margin:8px 0;border-radius:4px;overflow:hidden;background:var(--pre);color:var(--prefg)}
.cmd-head{display:flex;justify-content:space-between;align-items:center;padding:3px 6px 3px 12px;font-size:12px;background:rgba(255,255,255,.08)}
.cmd pre{margin:0;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all}.cmd pre code{background:none;color:inherit;padding:0}
.cmd .copy{background:transparent;color:inherit;border-color:rgba(255,255,255,.35)}
.more,.docs{font-size:13px;color:var(--muted)}.none{color:var(--pass)}
table.servers{border-collapse:collapse;margin:12px 0;width:100%;font-size:14px}table.servers th,table.servers td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}
.pill.st-ok{background:var(--ok)}.pill.st-warning{background:var(--warning)}.pill.st-critical{background:var(--critical)}.pill.st-unknown{background:var(--unknown)}
td .pill,.server-head .pill{color:#fff;margin-left:0;font-size:12px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
section.server{border-top:3px solid var(--line);margin-top:36px}.server-head small{font-weight:400}.not-started{color:var(--unknown);font-weight:600}
ul.changes li.s-fail b{color:var(--fail)}ul.changes li.s-pass b{color:var(--pass)}ul.changes li.s-warn b{color:var(--warn)}
button{font:inherit;font-size:13px;padding:1px 10px;border:1px solid var(--line);border-radius:4px;background:var(--card);color:var(--fg);cursor:pointer}
.buttons{display:flex;gap:4px}
[hidden]{display:none!important}
@media print{
:root,:root[data-theme]{${LIGHT};color-scheme:light}
body{background:#fff;font-size:11pt}
.toolbar,.copy{display:none!important}
.wrap,main{max-width:none;padding:0}
.banner{padding:8px 12px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.badge,.count,.cmd,.result{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.cmd{background:#f3f4f6;color:#111;border:1px solid #d0d7de}.cmd-head{background:#e5e7eb}
.cmd pre,pre,code{white-space:pre-wrap!important;overflow:visible!important;overflow-wrap:anywhere;word-break:break-all}
.cmd,dl,.result summary{break-inside:avoid}
h2{break-after:avoid}
}
`;

// Progressive enhancement only: everything above reads without it.
const JS = `
(function(){
var bar=document.getElementById('toolbar');if(!bar)return;bar.hidden=false;
var results=[].slice.call(document.querySelectorAll('details.result'));
var areas=[].slice.call(document.querySelectorAll('section.area'));
var search=document.getElementById('search'),shown=document.getElementById('shown'),none=document.getElementById('nomatch');
var text=results.map(function(d){return d.textContent.toLowerCase();});
function checked(name){return [].slice.call(bar.querySelectorAll('input[name='+name+']:checked')).map(function(i){return i.value;});}
function apply(){
  var st=checked('status'),sv=checked('severity'),q=search.value.trim().toLowerCase(),n=0;
  results.forEach(function(d,i){var ok=st.indexOf(d.dataset.status)>=0&&sv.indexOf(d.dataset.severity)>=0&&(!q||text[i].indexOf(q)>=0);d.hidden=!ok;if(ok)n++;});
  areas.forEach(function(a){a.hidden=!a.querySelector('details.result:not([hidden])');});
  none.hidden=n>0;shown.textContent=n+' of '+results.length+' checks shown';
}
bar.addEventListener('change',apply);search.addEventListener('input',apply);
bar.addEventListener('click',function(e){var v=e.target.getAttribute&&e.target.getAttribute('data-open');if(v===null||v===undefined)return;
  results.forEach(function(d){if(!d.hidden)d.open=v==='1';});});
var themes=['auto','light','dark'],button=document.getElementById('theme'),saved='auto',current;
try{saved=localStorage.getItem('ndes-doctor-theme')||'auto';}catch(e){}
function theme(t){current=t;if(t==='auto')document.documentElement.removeAttribute('data-theme');else document.documentElement.setAttribute('data-theme',t);
  button.textContent='Theme: '+t;try{localStorage.setItem('ndes-doctor-theme',t);}catch(e){}}
theme(themes.indexOf(saved)>=0?saved:'auto');
button.addEventListener('click',function(){theme(themes[(themes.indexOf(current)+1)%3]);});
function copy(t){
  if(navigator.clipboard&&window.isSecureContext)return navigator.clipboard.writeText(t);
  return new Promise(function(ok,fail){var a=document.createElement('textarea');a.value=t;a.setAttribute('readonly','');a.style.position='fixed';a.style.opacity='0';
    document.body.appendChild(a);a.select();var done=false;try{done=document.execCommand('copy');}catch(e){}document.body.removeChild(a);done?ok():fail();});
}
document.querySelectorAll('button.copy').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){
  var t=b.closest('.cmd').querySelector('code').textContent;
  copy(t).then(function(){b.textContent='Copied';},function(){b.textContent='Select and copy';}).then(function(){setTimeout(function(){b.textContent='Copy';},1500);});});});
apply();
})();
`;
