import { describe, expect, it } from 'vitest';
import { withoutPassword } from '../../src/parse/proxy-url.js';

describe('withoutPassword', () => {
  it('masks the password of a proxy with or without a scheme and keeps the rest as written', () => {
    expect(withoutPassword('svc:S3cr3t@proxy.contoso.com:8080')).toBe('svc:***@proxy.contoso.com:8080');
    expect(withoutPassword('http://CONTOSO%5Csvc:p%40ss:w@proxy:8080/')).toBe('http://CONTOSO%5Csvc:***@proxy:8080/');
  });

  it('leaves a proxy without credentials alone, a port included', () => {
    for (const s of ['http://proxy.contoso.com:8080', 'proxy:8080', 'proxy', 'https://[::1]:3128']) expect(withoutPassword(s)).toBe(s);
  });
});
