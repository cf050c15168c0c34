import { CHECK_METADATA } from '../../checks/catalogue.js';
import { AREAS } from '../../engine/types.js';

export function listChecks(json: boolean): string {
  if (json) {
    const rows = CHECK_METADATA.map(({ id, slug, area, severity, title }) => ({ id, slug, area, severity, title }));
    return JSON.stringify(rows, null, 2) + '\n';
  }
  const lines: string[] = [];
  for (const [area, { title }] of Object.entries(AREAS)) {
    const checks = CHECK_METADATA.filter((c) => c.area === area);
    if (!checks.length) continue;
    lines.push(`${title} (${area})`);
    for (const c of checks) lines.push(`  ${c.id.padEnd(15)} ${c.slug.padEnd(34)} ${c.severity.padEnd(8)} ${c.title}`);
    lines.push('');
  }
  return lines.join('\n');
}
