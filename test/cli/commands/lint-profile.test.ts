import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-lint-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const F = 'test/fixtures/graph-profiles';
const cli = (args: string[], input?: string) =>
  execa('node', ['bin/ndes-doctor.js', ...args], { cwd: root, reject: false, env: { NO_COLOR: '1' }, ...(input !== undefined && { input }) });

interface JsonReport {
  run: { mode: string };
  summary: { exitCode: number; counts: Record<string, number> };
  environment: { profile?: string; bundle?: string };
  results: { id: string; area: string; status: string; skipReason?: string; message: string; target?: string }[];
}
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
const statuses = (r: JsonReport) => Object.fromEntries(r.results.map((x) => [x.id, x.status]));

/** The healthy Windows profile as flags; a test changes one of them. */
const FLAGS = [
  '--platform', 'windows', '--cert-type', 'user', '--subject', 'CN={{UserName}},E={{EmailAddress}}',
  '--san', 'upn={{UserPrincipalName}}', '--san', 'uri={{OnPremisesSecurityIdentifier}}', '--validity', '1y',
  '--renewal-threshold', '20', '--key-usage', 'digital-signature,key-encipherment', '--key-size', '2048',
  '--hash', 'sha2', '--eku', 'client-auth', '--scep-url', 'https://ndes.contoso.com/certsrv/mscep/mscep.dll',
];

describe('ndes-doctor lint-profile (built CLI)', () => {
  test('a healthy Graph profile: the profile checks pass, the server ones are skipped with the reason, exit 0', async () => {
    const r = await cli(['lint-profile', `${F}/windows-user-healthy.json`, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const report = json(r.stdout);
    expect(report.run.mode).toBe('profile');
    expect(report.environment.profile).toBe(`"Contoso Wi-Fi users (Windows)" (windows81SCEPCertificateProfile) from ${F}/windows-user-healthy.json`);
    expect(report.results.map((x) => x.id)).toEqual(Array.from({ length: 18 }, (_, i) => `NDES-PRF-${String(i + 1).padStart(3, '0')}`));
    const skipped = report.results.filter((x) => x.status === 'skip');
    expect(skipped.map((x) => x.id)).toEqual(['NDES-PRF-014', 'NDES-PRF-015', 'NDES-PRF-016', 'NDES-PRF-017', 'NDES-PRF-018']);
    expect(skipped.every((x) => x.skipReason === 'no-data' && /add --bundle|add --probe/.test(x.message))).toBe(true);
    expect(report.summary.counts).toMatchObject({ pass: 13, skip: 5, fail: 0, warn: 0, error: 0 });
  });

  test('against examples/healthy every check passes; examples/broken fails the server cross-checks', async () => {
    const healthy = await cli(['lint-profile', `${F}/windows-user-healthy.json`, '--bundle', 'examples/healthy', '--format', 'json']);
    expect(healthy.exitCode).toBe(0);
    const report = json(healthy.stdout);
    expect(report.results.filter((x) => x.status !== 'pass').map((x) => `${x.id} ${x.status}: ${x.message}`)).toEqual([]);
    expect(report.environment.bundle).toBe('examples/healthy');

    const broken = await cli(['lint-profile', `${F}/windows-user-healthy.json`, '--bundle', 'examples/broken', '--format', 'json']);
    expect(broken.exitCode).toBe(2);
    expect(statuses(json(broken.stdout))).toMatchObject({ 'NDES-PRF-014': 'pass', 'NDES-PRF-015': 'warn', 'NDES-PRF-016': 'fail', 'NDES-PRF-018': 'fail' });
  });

  test('exit codes as for check: 2 on a failure, 1 below --fail-on or warnings only, 0 with --exit-zero, 3 on an error', async () => {
    const broken = await cli(['lint-profile', `${F}/windows-user-broken.json`]);
    expect(broken.exitCode).toBe(2);
    for (const id of ['NDES-PRF-001', 'NDES-PRF-002', 'NDES-PRF-005', 'NDES-PRF-013']) expect(broken.stdout).toMatch(new RegExp(`FAIL ${id}\\b`));
    expect((await cli(['lint-profile', `${F}/windows-user-broken.json`, '--fail-on', 'critical'])).exitCode).toBe(1);
    expect((await cli(['lint-profile', `${F}/windows-user-broken.json`, '--exit-zero'])).exitCode).toBe(0);

    // Without the SID URI: the strong-mapping warning alone.
    const warnOnly = await cli(['lint-profile', ...FLAGS.slice(0, 8), ...FLAGS.slice(10)]);
    expect(warnOnly.stdout).toMatch(/WARN NDES-PRF-006\b/);
    expect(warnOnly.exitCode).toBe(1);

    const unreadable = JSON.parse(readFileSync(join(root, F, 'windows-user-healthy.json'), 'utf8'));
    unreadable.renewalThresholdPercentage = '20';
    writeFileSync(join(tmp, 'unreadable.json'), JSON.stringify(unreadable));
    const error = await cli(['lint-profile', join(tmp, 'unreadable.json'), '--format', 'json']);
    expect(error.exitCode).toBe(3);
    const e = json(error.stdout).results.find((x) => x.id === 'NDES-PRF-008')!;
    expect(e).toMatchObject({ status: 'error', message: expect.stringMatching(/renewalThresholdPercentage is "20", which ndes-doctor cannot read: not a whole number/) });
    expect(json(error.stdout).summary.counts.pass).toBe(12);
  });

  test('flags give the same verdicts as the Graph JSON of the same profile', async () => {
    const fromFlags = await cli(['lint-profile', ...FLAGS, '--format', 'json']);
    const fromGraph = await cli(['lint-profile', `${F}/windows-user-healthy.json`, '--format', 'json']);
    expect(fromFlags.exitCode).toBe(0);
    expect(statuses(json(fromFlags.stdout))).toEqual(statuses(json(fromGraph.stdout)));
    expect(json(fromFlags.stdout).environment.profile).toBe('windows profile from command-line flags');
  });

  test('reads stdin, UTF-16LE files, and one profile of a collection with --select', async () => {
    const stdin = await cli(['lint-profile', '-', '--format', 'json'], readFileSync(join(root, F, 'macos-device.json'), 'utf8'));
    expect(json(stdin.stdout).environment.profile).toMatch(/\(macOSScepCertificateProfile\) from stdin$/);
    expect((await cli(['lint-profile', `${F}/windows-user-healthy-utf16le.json`])).exitCode).toBe(0);
    const many = await cli(['lint-profile', `${F}/device-configurations-list.json`]);
    expect(many.exitCode).toBe(3);
    expect(many.stderr).toMatch(/^ndes-doctor: .*holds 2 SCEP certificate profiles; pick one with --select <id\|displayName>: "Contoso Wi-Fi users \(Windows\)"/);
    const picked = await cli(['lint-profile', `${F}/device-configurations-list.json`, '--select', 'Contoso VPN users (iOS)', '--format', 'json']);
    expect(json(picked.stdout).environment.profile).toMatch(/^"Contoso VPN users \(iOS\)" \(iosScepCertificateProfile\)/);
  });

  test('every report format renders the profile findings', async () => {
    const run = (format: string) => cli(['lint-profile', `${F}/windows-user-broken.json`, '--format', format]);
    const [text, markdown, html, junit, nagios] = await Promise.all([run('text'), run('markdown'), run('html'), run('junit'), run('nagios')]);
    expect(text.stdout).toMatch(/^ndes-doctor \S+ · profile · "Test users \(TestCompany, LLC\)" \(windows81SCEPCertificateProfile\)/);
    expect(markdown.stdout).toMatch(/\| Profile \| "Test users \(TestCompany, LLC\)"/);
    expect(html.stdout).toContain('NDES-PRF-002');
    expect(junit.stdout).toMatch(/<testsuite name="Intune SCEP certificate profile" id="profile" tests="18" failures="8"/);
    expect(nagios.stdout).toMatch(/^NDES-DOCTOR CRITICAL - 8 fail, 0 error, 2 warn: NDES-PRF-/);
    for (const r of [text, markdown, html, junit, nagios]) expect(r.exitCode).toBe(2);
  });

  test('the JSON report matches schema/report.schema.json, redacted file included', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schema/report.schema.json'), 'utf8')));
    const out = join(tmp, 'lint.json');
    const r = await cli(['lint-profile', `${F}/windows-user-healthy.json`, '--bundle', 'examples/broken', '-o', `json=${out}`, '--redact-hosts', '--format', 'json']);
    for (const report of [JSON.parse(r.stdout), JSON.parse(readFileSync(out, 'utf8'))]) {
      expect(validate(report) ? '' : ajv.errorsText(validate.errors)).toBe('');
    }
    expect(readFileSync(out, 'utf8')).not.toContain('ndes.contoso.com');
    const again = await cli(['report', out, '--format', 'markdown']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/\| Mode \| profile \|/);
  });

  test('usage errors exit 3 with one sentence', async () => {
    const cases: [string[], RegExp][] = [
      [['lint-profile'], /Give a profile: a file with the JSON Microsoft Graph returns for it/],
      [['lint-profile', `${F}/macos-device.json`, '--platform', 'ios'], /Give the profile as a file or as flags, not both \(got .* and --platform\)/],
      [['lint-profile', '--select', 'x', '--platform', 'ios'], /--select picks a profile from a file/],
      [['lint-profile', join(tmp, 'missing.json')], /missing\.json: ENOENT/],
      [['lint-profile', 'README.md'], /README\.md is not valid JSON/],
      [['lint-profile', '--platform', 'ios', '--validity', 'forever'], /--validity takes a period/],
      [['lint-profile', '--cert-type', 'user'], /--platform is required with flags/],
      [['lint-profile', `${F}/windows-user-healthy.json`, '--bundle', join(tmp, 'no-bundle')], /Bundle not found/],
      [['lint-profile', `${F}/windows-user-healthy.json`, '--only', 'NDES-XYZ-001'], /Unknown check, slug or area "NDES-XYZ-001"/],
      [['check', '--bundle', 'examples/healthy', '--only', 'NDES-PRF-001'], /NDES-PRF-001: these checks judge an Intune SCEP profile, not the server; run them with "ndes-doctor lint-profile/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(3);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  test('--help lists lint-profile; its own help shows the flags, examples and exit codes', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/^ {2}lint-profile \[options\] \[file\]/m);
    const help = await cli(['lint-profile', '--help']);
    expect(help.exitCode).toBe(0);
    for (const flag of ['--subject', '--san', '--cert-type', '--platform', '--validity', '--renewal-threshold', '--scep-url', '--key-size', '--hash', '--eku', '--bundle', '--probe']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toMatch(/android-device-owner/);
    expect(help.stdout).toMatch(/3 {2}UNKNOWN/);
  });

  test('list and explain know the profile checks; check does not run them', async () => {
    const list = await cli(['list']);
    expect(list.stdout).toMatch(/^Intune SCEP certificate profile \(profile\)$/m);
    expect(list.stdout).toMatch(/^ {2}NDES-PRF-002 +profile-subject-escaped-characters +high +/m);
    const explain = await cli(['explain', 'NDES-PRF-002']);
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toMatch(/^NDES-PRF-002 profile-subject-escaped-characters\n/);
    expect(explain.stdout).toMatch(/## How to fix/);
    const check = await cli(['check', '--bundle', 'examples/healthy', '--format', 'json']);
    expect(json(check.stdout).results.some((x) => x.area === 'profile')).toBe(false);
  });
});
