import { describe, expect, it } from 'vitest';
import { child, descend, parseXml } from '../../src/parse/xml.js';
import { realText } from '../helpers/real.js';

describe('parseXml on a real applicationHost.config', () => {
  it('reads the document and ignores the <location> inside the leading comment', () => {
    const text = realText('iis/ndes-manual-ws2019-applicationHost.config');
    expect(text).toContain('<location path="Default Web Site" overrideMode="Allow">');
    const root = parseXml(text);
    expect(root.name).toBe('configuration');
    const locations = root.children.filter((c) => c.name === 'location').map((l) => l.attrs.path);
    expect(locations).toEqual(['Default Web Site/CertSrv/mscep_admin', 'Default Web Site/CertSrv/mscep']);
    // Character references in attributes are decoded: &#xA; separates the MultiSZ value.
    const w3svc = descend(root, 'system.applicationHost/customMetadata')!.children.find((k) => k.attrs.path === 'LM/W3SVC')!;
    expect(child(w3svc, 'property')!.attrs.value).toBe('0\nC:\\Windows\\system32\\CertSrv\\mscep\\mscep.dll\n');
  });
});
