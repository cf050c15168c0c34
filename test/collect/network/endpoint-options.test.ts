import { expect, test } from 'vitest';
import { parseResolve } from '../../../src/collect/network/endpoint-options.js';
import { SourceError } from '../../../src/collect/errors.js';

test('--resolve maps a host name, in any case, to an IPv4 or IPv6 address, brackets allowed', () => {
  expect(parseResolve(['NDES.contoso.com=10.0.0.5', 'ndes2.contoso.com=fd00::5', ' ndes3.contoso.com=[::1] ', 'ndes4=::ffff:10.0.0.6'])).toEqual({
    'ndes.contoso.com': '10.0.0.5',
    'ndes2.contoso.com': 'fd00::5',
    'ndes3.contoso.com': '::1',
    ndes4: '::ffff:10.0.0.6',
  });
  expect(parseResolve()).toEqual({});
});

test.each([
  'ndes=b',
  'ndes=deadbeef',
  'ndes=999.1.1.1',
  'ndes=10.0.0',
  'ndes=10.0.0.5:443',
  'ndes=fd00::5::6',
  'ndes=ndes2.contoso.com',
  'ndes.contoso.com:443:10.0.0.5',
  'ndes=',
  '=10.0.0.5',
  'nd es=10.0.0.5',
])('--resolve %s is refused before anything is probed, naming the argument', (spec) => {
  expect(() => parseResolve([spec])).toThrow(SourceError);
  expect(() => parseResolve([spec])).toThrow(`--resolve takes <host>=<ip address>, e.g. ndes.contoso.com=10.0.0.5; got "${spec}".`);
});
