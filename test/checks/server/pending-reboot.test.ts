import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/pending-reboot.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (cbs: string, wu: string, sm: string) =>
  runCheck(check, { rebootMarkers: factFrom('rebootMarkers', { 'server.reboot-cbs': cbs, 'server.reboot-wu': wu, 'server.session-manager': sm }) });

describe('NDES-SRV-009 pending-reboot', () => {
  it('passes with no markers', async () => {
    expect((await run('absent', 'absent', 'registry/session-manager-clean.reg')).status).toBe('pass');
  });

  it('warns on the servicing marker, listing the file renames beside it', async () => {
    const o = await run('registry/reboot-pending-cbs.reg', 'absent', 'registry/session-manager-pending.reg');
    expect(o.status).toBe('warn');
    expect(o.message).toContain('(Component Based Servicing\\RebootPending)');
    expect(o.evidence?.actual).toBe('Component Based Servicing\\RebootPending; Session Manager\\PendingFileRenameOperations (2 entries)');
  });

  it('warns on the servicing marker alone', async () => {
    expect((await run('registry/reboot-pending-cbs.reg', 'absent', 'registry/session-manager-clean.reg')).status).toBe('warn');
  });

  // Security software and installers queue renames daily (e.g. chocolatey/choco#1768, PatchMon/PatchMon#772).
  it('passes file renames alone, naming them', async () => {
    const o = await run('absent', 'absent', 'registry/session-manager-pending.reg');
    expect(o).toMatchObject({ status: 'pass', message: expect.stringContaining('PendingFileRenameOperations (2 entries)') });
    expect(o.evidence?.details).toMatchObject({ pendingFileRenames: expect.arrayContaining([expect.any(String)]) });
  });
});
