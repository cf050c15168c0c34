/**
 * Certificates for the Intune reachability tests, made with the openssl CLI (node-forge parses
 * the recorded chains, so it must not be what makes them): a root standing in for a public CA,
 * one standing in for a TLS-inspecting proxy's private CA, and server certificates from each.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  cert: string;
  key: string;
}

export class OpensslPki {
  private readonly dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-openssl-'));
  private n = 0;

  private run(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  root(cn: string): Pem {
    const base = `root${++this.n}`;
    this.run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.pem`, '-days', '30', '-subj', `/O=Test/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    return { cert: readFileSync(join(this.dir, `${base}.pem`), 'utf8'), key: readFileSync(join(this.dir, `${base}.key`), 'utf8') };
  }

  /** A server certificate for these DNS names, issued by `issuer`. */
  server(names: string[], issuer: Pem): Pem {
    const base = `leaf${++this.n}`;
    writeFileSync(join(this.dir, `${base}.ca.pem`), issuer.cert);
    writeFileSync(join(this.dir, `${base}.ca.key`), issuer.key);
    writeFileSync(join(this.dir, `${base}.ext`), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
    this.run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${names[0]}`]);
    this.run(['x509', '-req', '-in', `${base}.csr`, '-CA', `${base}.ca.pem`, '-CAkey', `${base}.ca.key`, '-CAcreateserial', '-out', `${base}.pem`, '-days', '10', '-extfile', `${base}.ext`]);
    return { cert: readFileSync(join(this.dir, `${base}.pem`), 'utf8'), key: readFileSync(join(this.dir, `${base}.key`), 'utf8') };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
