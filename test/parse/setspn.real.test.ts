import { describe, expect, it } from 'vitest';
import { parseSetspnList } from '../../src/parse/setspn.js';
import { realText } from '../helpers/real.js';

describe('setspn -L, real output', () => {
  it('reads the account and its HTTP SPNs, including one with a realm suffix', () => {
    expect(parseSetspnList(realText('setspn/ableasdale-setspn-L-testuser.txt'))).toEqual({
      accountDn: 'CN=testuser,CN=Users,DC=activedirectory,DC=marklogic,DC=com',
      spns: ['HTTP/marklogic_hostname@ACTIVEDIRECTORY.MARKLOGIC.COM', 'HTTP/marklogic_hostname'],
    });
  });
});
