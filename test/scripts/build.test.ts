import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http2 from 'node:http2';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { issue, ndesPki } from '../helpers/network/pki.js';
import { caFile } from '../helpers/network/run.js';
import { listenOn, ndesResponder, type Running } from '../helpers/network/servers.js';

const exec = promisify(execFile);
const NAME = 'ndes.contoso.test';

describe('scripts/build.mjs: undici in the built CLI', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('probes a server that speaks only HTTP/2: the client loads its HTTP/2 half when the server chooses h2', async () => {
    const pki = ndesPki();
    const root = issue({ cn: 'Contoso Root CA', ca: true });
    const leaf = issue({ cn: NAME, issuer: root, san: [NAME] });
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    const versions: string[] = [];
    const server = http2.createSecureServer({ key: leaf.keyPem, cert: leaf.certPem, allowHTTP1: false }, (req, res) => {
      versions.push(req.httpVersion);
      respond(req as never, res as never);
    });
    const running: Running = await listenOn(server as unknown as Server, 'https');
    const dir = await mkdtemp(join(tmpdir(), 'ndes-doctor-h2-'));
    cleanup.push(() => running.close(), () => rm(dir, { recursive: true, force: true }));

    const url = `https://${NAME}:${running.port}/certsrv/mscep/mscep.dll`;
    const args = ['check', '--url', url, '--resolve', `${NAME}=127.0.0.1`, '--ca-file', caFile(root), '--format', 'json', '--quiet', '--exit-zero', '--save-bundle', join(dir, 'b')];
    await exec(process.execPath, [resolve('bin/ndes-doctor.js'), ...args]);

    const exchanges = JSON.parse(readFileSync(join(dir, 'b', 'network', 'probes.json'), 'utf8')).targets[0].exchanges as { purpose: string; response?: { status: number } }[];
    expect(['getcacaps', 'getcacert'].map((p) => exchanges.find((e) => e.purpose === p)?.response?.status)).toEqual([200, 200]);
    expect(versions.length).toBeGreaterThan(1);
    expect(new Set(versions)).toEqual(new Set(['2.0']));
  });
});
