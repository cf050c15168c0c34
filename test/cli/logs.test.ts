import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-cli-logs-'));
const STACK = /\n\s+at .+:\d+:\d+/;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => execa('node', ['bin/ndes-doctor.js', ...args], { cwd: root, reject: false });

function healthyWith(replace: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(join(tmp, 'bundle-'));
  cpSync(join(root, 'examples/healthy'), dir, { recursive: true });
  for (const [file, bytes] of Object.entries(replace)) writeFileSync(join(dir, file), bytes);
  return dir;
}

describe('the CLI with broken logs', () => {
  it('a corrupt event log: the checks that read it are error, the others still run, exit 3, no stack', async () => {
    const dir = healthyWith({ 'logs/events/application.xml': readFileSync(join(root, 'test/fixtures/logs/not-events.xml')) });
    const r = await cli(['check', '--bundle', dir, '--only', 'logs', '--format', 'json']);
    expect(r.exitCode).toBe(3);
    const results = (JSON.parse(r.stdout) as { results: { id: string; status: string; message: string }[] }).results;
    const errors = results.filter((x) => x.status === 'error').map((x) => x.id);
    expect(errors).toEqual(['NDES-LOG-003', 'NDES-LOG-004', 'NDES-LOG-005', 'NDES-LOG-008']);
    expect(results.find((x) => x.id === 'NDES-LOG-005')?.message).toBe(
      'Could not check the NDES events: Application log: logs/events/application.xml: not a Windows event export: no <Event> element with a provider and an EventID (expected wevtutil qe /f:xml output).',
    );
    expect(results.filter((x) => !errors.includes(x.id)).every((x) => x.status === 'pass')).toBe(true);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a truncated IIS log is read up to its last complete line', async () => {
    const log = readFileSync(join(root, 'examples/healthy/logs/iis/w3svc.log'));
    const dir = healthyWith({ 'logs/iis/w3svc.log': log.subarray(0, log.length - 40) });
    const r = await cli(['check', '--bundle', dir, '--only', 'NDES-LOG-009', '--format', 'json']);
    const [result] = (JSON.parse(r.stdout) as { results: { status: string; message: string }[] }).results;
    expect(result!.status).toBe('pass');
    expect(r.exitCode).toBe(0);
  });

  it('--since belongs to live checks: with --bundle it is a usage error', async () => {
    const r = await cli(['check', '--bundle', 'examples/healthy', '--since', '7d']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^ndes-doctor: --since sets the log window of a live check/);
  });

  it('explain names log codes: an HTTPERR reason, an HRESULT, a Windows event', async () => {
    for (const [term, head] of [
      ['FieldLength', 'FieldLength Header or URL over MaxFieldLength'],
      ['0x80094800', '0x80094800 CERTSRV_E_UNSUPPORTED_CERT_TYPE'],
      ['5009', 'WAS 5009 Application pool worker process terminated unexpectedly'],
    ]) {
      const r = await cli(['explain', term!]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(head);
    }
  });
});
