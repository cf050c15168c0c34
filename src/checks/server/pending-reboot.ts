import { defineCheck } from '../../engine/check.js';
import { cmd, pass, warn } from '../../engine/outcome.js';
import { LINKS } from './links.js';

export default defineCheck({
  id: 'NDES-SRV-009',
  slug: 'pending-reboot',
  area: 'server',
  title: 'No restart is pending',
  severity: 'medium',
  requires: ['rebootMarkers'],
  run({ rebootMarkers: r }) {
    const markers = [
      r.cbsRebootPending && 'Component Based Servicing\\RebootPending',
      r.windowsUpdateRebootRequired && 'WindowsUpdate\\Auto Update\\RebootRequired',
    ].filter((m): m is string => typeof m === 'string');
    // Security software, browsers and installers queue file renames every day, and some entries survive restarts:
    // on their own they are reported, not judged. Windows servicing (updates, roles and features, .NET) sets the keys above.
    const renames = r.pendingFileRenames.length > 0 ? `Session Manager\\PendingFileRenameOperations (${r.pendingFileRenames.length} entries)` : undefined;
    const evidence = {
      expected: 'neither Component Based Servicing\\RebootPending nor WindowsUpdate\\Auto Update\\RebootRequired present',
      actual: [...markers, ...(renames ? [renames] : [])].join('; ') || 'none',
      source: r.sources.join(', '),
      details: r.pendingFileRenames.length ? { pendingFileRenames: r.pendingFileRenames.slice(0, 20) } : undefined,
    };
    if (markers.length === 0) {
      return pass(
        renames
          ? `No restart is pending for Windows servicing. ${renames} lists files replaced at the next restart, as security software and installers often leave; the evidence names them.`
          : 'No restart is pending.',
        evidence,
      );
    }
    return warn(
      `A restart is pending (${markers.join('; ')}). Updates, feature installs and HTTP.sys/MSCEP registry changes take effect only after it.`,
      {
        text: 'Restart the server in a maintenance window. iisreset is not enough: HTTP.sys and NDES read their registry settings at boot.',
        commands: [cmd('shutdown /r /t 0')],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
