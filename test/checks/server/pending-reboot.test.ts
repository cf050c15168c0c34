import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/pending-reboot.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (cbs: string, wu: string, sm: string) =>
  runCheck(check, { rebootMarkers: factFrom('rebootMarkers', { 'server.reboot-cbs': cbs, 'server.reboot-wu': wu, 'server.session-manager': sm }) });

describe('NDES-SRV-009 pending-reboot', () => {
  it('passes with no markers', async () => {
    expect((await run('absent', 'absent', 'registry/session-manager-clean.reg')).status).toBe('pass');
  });

  it('warns listing every marker found', async () => {
    const o = await run('registry/reboot-pending-cbs.reg', 'absent', 'registry/session-manager-pending.reg');
    expect(o.status).toBe('warn');
    expect(o.evidence?.actual).toBe('Component Based Servicing\\RebootPending; Session Manager\\PendingFileRenameOperations (2 entries)');
  });
});
