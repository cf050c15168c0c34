import { describe, expect, it } from 'vitest';
import { findKey, parseRegistryText } from '../../src/parse/registry.js';
import { parseSecurityDescriptor } from '../../src/parse/security-descriptor.js';
import { realText } from '../helpers/real.js';

describe('a security descriptor Windows wrote (real capture)', () => {
  it('reads the Net.Tcp Port Sharing service descriptor: owner and group after the DACL, five allow ACEs', () => {
    const keys = parseRegistryText(realText('registry/dotnet-docs-NetTcpPortSharing.reg'));
    const value = findKey(keys, 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\NetTcpPortSharing\\Security')!.values.get('security')!;
    expect(value.type).toBe('REG_BINARY');
    // Samba's ndr_unpack reads the same bytes as O:SYG:SYD:(A;;...;;;SY)(A;;...;;;BA)(A;;...;;;AU)(A;;RPLC;;;IU)(A;;RPLC;;;SU).
    expect(parseSecurityDescriptor(value.data as Uint8Array)).toEqual({
      control: 0x8004,
      owner: 'S-1-5-18',
      group: 'S-1-5-18',
      dacl: [
        { type: 0, flags: 0, mask: 0x201fd, sid: 'S-1-5-18' },
        { type: 0, flags: 0, mask: 0xf01ff, sid: 'S-1-5-32-544' },
        { type: 0, flags: 0, mask: 0x2018d, sid: 'S-1-5-11' },
        { type: 0, flags: 0, mask: 0x14, sid: 'S-1-5-4' },
        { type: 0, flags: 0, mask: 0x14, sid: 'S-1-5-6' },
      ],
    });
  });
});
