import { describe, expect, it } from 'vitest';
import { parseNetshSslcert } from '../../src/parse/netsh-sslcert.js';
import { realText } from '../helpers/real.js';

const BINDING = {
  endpoint: { kind: 'ip', ip: '0.0.0.0', port: 44307 },
  key: '0.0.0.0:44307',
  certHash: '61D34F532DA121BBAB64723C4871E72C92F03735',
  appId: '{214124cd-d05b-4309-9af9-9caa44b2b74a}',
  storeName: 'MY',
};

describe('netsh http show sslcert, real Windows 11-era output', () => {
  it('reads a binding whose Extended Properties blocks start with a bare number, without inventing a second one', () => {
    const text = realText('netsh/nbstrat-ipport-44307-verify-revocation-enabled.txt');
    expect(text).toContain(' Extended Properties:\n    PropertyId                   : 1');
    expect(parseNetshSslcert(text)).toEqual([BINDING]);
  });

  it('reads the same binding printed with the header', () => {
    const text = realText('netsh/nbstrat-ipport-44307-verify-revocation-disabled.txt');
    expect(text.startsWith('SSL Certificate bindings:\n-------------------------\n')).toBe(true);
    expect(parseNetshSslcert(text)).toEqual([BINDING]);
  });
});
