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
      r.pendingFileRenames.length > 0 && `Session Manager\\PendingFileRenameOperations (${r.pendingFileRenames.length} entries)`,
    ].filter((m): m is string => typeof m === 'string');
    const evidence = {
      expected: 'no pending-restart markers',
      actual: markers.length ? markers.join('; ') : 'none',
      source: r.sources.join(', '),
      details: r.pendingFileRenames.length ? { pendingFileRenames: r.pendingFileRenames.slice(0, 20) } : undefined,
    };
    if (markers.length === 0) return pass('No restart is pending.', evidence);
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
