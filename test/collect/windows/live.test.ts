import { describe, expect, it, vi } from 'vitest';

/**
 * What reg.exe prints when `reg export` meets a key that does not exist, in the console's OEM code page
 * (850 on Western European Windows), encoded by iconv (`iconv -t CP850`), not by the decoder under test.
 * The texts: English and German from Windows (test/fixtures/registry/query-de-cp850.txt); French as
 * Microsoft's French documentation quotes it (Defender for Endpoint, "collect investigation package",
 * fr-fr); Spanish as Microsoft's Spanish documentation of the same page quotes it and as Wine's reg
 * prints it in a public winetricks log.
 */
const REG_SAYS = {
  en: Buffer.from('ERROR: The system was unable to find the specified registry key or value.\r\n', 'latin1'),
  de: Buffer.from('4645484c45523a2044657220616e6765676562656e652052656769737472696572756e67737363686c817373656c20627a772e2057657274207775726465206e6963687420676566756e64656e2e0d0a', 'hex'),
  fr: Buffer.from('455252455552203a204c6520737973748a6d65206e2761207061732074726f757682206c6120636c82206f75206c612076616c657572206465205265676973747265207370826369666982652e0d0a', 'hex'),
  es: Buffer.from('4552524f523a20456c2073697374656d61206e6f207075646f20656e636f6e74726172206c6120636c617665206f20656c2076616c6f722064656c20526567697374726f2065737065636966696361646f2e0d0a', 'hex'),
  /** `ERREUR : Accès refusé.`: the key is there, the account may not read it. */
  frDenied: Buffer.from('455252455552203a204163638a73207265667573822e0d0a', 'hex'),
};

const reg = vi.hoisted(() => ({ says: new Uint8Array() }));

vi.mock('../../../src/collect/windows/exec.js', () => ({
  runCommand: async (file: string, args: readonly string[]) => {
    const none = new Uint8Array();
    const base = { command: [file, ...args].join(' '), durationMs: 1, stdout: none, stderr: none };
    if (file === 'whoami') return { ...base, exitCode: 0, stdout: Buffer.from('S-1-16-12288\r\n') };
    if (file === 'cmd') return { ...base, exitCode: 0, stdout: Buffer.from('Page de codes active : 850\r\n') };
    if (file === 'reg') return { ...base, exitCode: 1, stderr: reg.says };
    return { ...base, exitCode: 1 };
  },
}));

const { liveSource } = await import('../../../src/collect/windows/live.js');

describe('liveSource, registry keys', () => {
  it.each(['en', 'de', 'fr', 'es'] as const)('records a key reg.exe does not find as not-found, its message in %s', async (lang) => {
    reg.says = REG_SAYS[lang];
    const raw = await (await liveSource()).read('server.reboot-cbs');
    expect(raw.status).toBe('not-found');
  });

  it('records any other refusal as a failure to collect, with what reg.exe said', async () => {
    reg.says = REG_SAYS.frDenied;
    const raw = await (await liveSource()).read('server.reboot-cbs');
    expect(raw).toMatchObject({ status: 'unavailable', message: expect.stringContaining('Accès refusé') });
  });
});
