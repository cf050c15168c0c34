import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { WindowsFeaturesFact } from '../../facts/server.js';
import { LINKS } from './links.js';

/**
 * Names as Install-WindowsFeature takes them: the list Microsoft's Intune setup guide asks to confirm
 * (Request Filtering; ASP.NET 3.5 with the core .NET Framework 3.5 and its HTTP Activation; ASP.NET 4.x
 * with the core .NET Framework 4.x, ASP.NET 4.x and WCF HTTP Activation; IIS 6 Metabase and WMI
 * Compatibility), the NDES role itself, and the .NET Extensibility that Microsoft's validator checks.
 */
const REQUIRED = {
  'ADCS-Device-Enrollment': 'Network Device Enrollment Service',
  'Web-Server': 'Web Server (IIS)',
  'Web-Filtering': 'IIS Request Filtering',
  'Web-Net-Ext45': 'IIS .NET Extensibility 4.x',
  'Web-Asp-Net45': 'IIS ASP.NET 4.x',
  'NET-Framework-45-Core': '.NET Framework 4.x',
  'NET-Framework-45-ASPNET': 'ASP.NET 4.x',
  'NET-WCF-HTTP-Activation45': 'WCF Services HTTP Activation',
  'Web-Asp-Net': 'IIS ASP.NET 3.5',
  'NET-Framework-Core': '.NET Framework 3.5',
  'NET-HTTP-Activation': '.NET Framework 3.5 HTTP Activation',
  'Web-Metabase': 'IIS 6 Metabase Compatibility',
  'Web-WMI': 'IIS 6 WMI Compatibility',
} as const satisfies Record<string, string>;

/** Listed by the connector prerequisites, not by the setup guide's list to confirm; the console its steps use. */
const RECOMMENDED = {
  'Web-Mgmt-Console': 'IIS Management Console',
} as const satisfies Record<string, string>;

function missing(fact: WindowsFeaturesFact, wanted: Record<string, string>): string[] {
  return Object.keys(wanted).filter((name) => !fact.features.get(name.toLowerCase())?.installed);
}

function describe(names: string[], labels: Record<string, string>): string {
  return names.map((n) => `${n} (${labels[n]})`).join(', ');
}

export default defineCheck({
  id: 'NDES-SRV-005',
  slug: 'roles-and-features',
  area: 'server',
  title: 'NDES role and the IIS and .NET features it needs are installed',
  severity: 'high',
  requires: ['windowsFeatures'],
  run({ windowsFeatures }) {
    const required = missing(windowsFeatures, REQUIRED);
    const recommended = missing(windowsFeatures, RECOMMENDED);
    const unknown = [...required, ...recommended].filter((n) => !windowsFeatures.features.has(n.toLowerCase()));
    const source = windowsFeatures.source;
    const details = unknown.length ? { notOfferedByThisWindows: unknown } : undefined;
    if (required.length > 0) {
      const all = [...required, ...recommended];
      return fail(
        `Missing: ${describe(required, REQUIRED)}.`,
        {
          text:
            'Install the missing roles and features. The Intune connector configuration stops on missing IIS prerequisites, ' +
            'and without them NDES or its policy module do not load. Restart if Install-WindowsFeature reports RestartNeeded. ' +
            'The .NET 3.5 features (Web-Asp-Net, NET-Framework-Core, NET-HTTP-Activation) need -Source <media>\\sources\\sxs on a server without Windows Update access.' +
            (unknown.length ? ` Not offered by this Windows at all: ${unknown.join(', ')}; check the OS version (NDES-SRV-001).` : ''),
          commands: [powershell(`Install-WindowsFeature -Name ${all.join(',')} -IncludeManagementTools`)],
          docs: LINKS.scepInfrastructure,
        },
        { expected: `installed: ${Object.keys(REQUIRED).join(', ')}`, actual: `not installed: ${required.join(', ')}`, source, details },
      );
    }
    if (recommended.length > 0) {
      return warn(
        `NDES prerequisites are installed; recommended features are missing: ${describe(recommended, RECOMMENDED)}.`,
        {
          text: 'Microsoft\'s setup guide configures NDES through IIS Manager; install it so the documented steps can be followed on this server.',
          commands: [powershell(`Install-WindowsFeature -Name ${recommended.join(',')}`)],
          docs: LINKS.scepInfrastructure,
        },
        { expected: `installed: ${Object.keys(RECOMMENDED).join(', ')}`, actual: `not installed: ${recommended.join(', ')}`, source, details },
        'low',
      );
    }
    return pass('The NDES role and all required IIS and .NET features are installed.', {
      expected: `installed: ${[...Object.keys(REQUIRED), ...Object.keys(RECOMMENDED)].join(', ')}`,
      actual: 'all installed',
      source,
    });
  },
});
