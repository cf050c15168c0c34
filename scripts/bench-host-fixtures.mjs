// Big servers for scripts/bench-host.mjs: a shared-hosting applicationHost.config and a certificate
// store with thousands of certificates, both grafted onto examples/healthy so every verdict stays the same.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MB = 1024 * 1024;

/**
 * applicationHost.config of examples/healthy with `count` more sites, each with its own application
 * pool and a <location> carrying the settings a shared-hosting server keeps per site.
 */
export function manySitesConfig(count) {
  const text = readFileSync('examples/healthy/iis/applicationHost.config', 'utf8');
  const sites = [];
  const pools = [];
  const locations = [];
  const denied = ['.asa', '.asax', '.ascx', '.master', '.skin', '.browser', '.sitemap', '.config', '.cs', '.csproj', '.vb', '.vbproj', '.webinfo', '.licx', '.resx', '.resources', '.mdb', '.vjsproj', '.java', '.jsl', '.ldb', '.mdf', '.ldf'];
  for (let i = 0; i < count; i++) {
    const name = `customer${String(i).padStart(5, '0')}.example.net`;
    const id = 100 + i;
    sites.push(
      `            <site name="${name}" id="${id}" serverAutoStart="true">
                <application path="/" applicationPool="${name}">
                    <virtualDirectory path="/" physicalPath="D:\\Sites\\${name}\\wwwroot" />
                </application>
                <application path="/api" applicationPool="${name}">
                    <virtualDirectory path="/" physicalPath="D:\\Sites\\${name}\\api" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:${name}" />
                    <binding protocol="http" bindingInformation="*:80:www.${name}" />
                    <binding protocol="https" bindingInformation="*:443:${name}" sslFlags="1" />
                </bindings>
                <logFile directory="D:\\Logs\\${name}" />
                <traceFailedRequestsLogging enabled="false" directory="D:\\Logs\\${name}\\FailedReqLogFiles" />
            </site>\r\n`,
    );
    pools.push(
      `            <add name="${name}" managedRuntimeVersion="v4.0" startMode="OnDemand">
                <processModel identityType="ApplicationPoolIdentity" idleTimeout="00:20:00" loadUserProfile="true" />
                <recycling><periodicRestart time="1.05:00:00"><schedule><add value="03:00:00" /></schedule></periodicRestart></recycling>
                <cpu limit="25000" action="Throttle" />
            </add>\r\n`,
    );
    locations.push(
      `    <location path="${name}" overrideMode="Allow">
        <system.webServer>
            <directoryBrowse enabled="false" />
            <security>
                <authentication>
                    <anonymousAuthentication enabled="true" userName="" />
                    <basicAuthentication enabled="false" />
                    <windowsAuthentication enabled="false" />
                </authentication>
                <requestFiltering allowDoubleEscaping="false" removeServerHeader="true">
                    <requestLimits maxAllowedContentLength="104857600" maxUrl="8192" maxQueryString="4096" />
                    <fileExtensions allowUnlisted="true">
${denied.map((ext) => `                        <add fileExtension="${ext}" allowed="false" />`).join('\r\n')}
                    </fileExtensions>
                    <hiddenSegments>
                        <add segment="bin" />
                        <add segment="App_code" />
                        <add segment="App_Data" />
                        <add segment="App_GlobalResources" />
                        <add segment="App_LocalResources" />
                        <add segment="App_WebReferences" />
                    </hiddenSegments>
                </requestFiltering>
                <ipSecurity allowUnlisted="true">
                    <add ipAddress="192.0.2.${i % 250}" allowed="false" />
                </ipSecurity>
            </security>
            <httpProtocol>
                <customHeaders>
                    <clear />
                    <add name="X-Frame-Options" value="SAMEORIGIN" />
                    <add name="X-Content-Type-Options" value="nosniff" />
                    <add name="Strict-Transport-Security" value="max-age=31536000; includeSubDomains" />
                    <add name="Referrer-Policy" value="strict-origin-when-cross-origin" />
                </customHeaders>
            </httpProtocol>
            <staticContent>
                <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />
                <mimeMap fileExtension=".woff2" mimeType="font/woff2" />
                <mimeMap fileExtension=".webmanifest" mimeType="application/manifest+json" />
            </staticContent>
            <rewrite>
                <rules>
                    <rule name="HTTPS only" stopProcessing="true">
                        <match url="(.*)" />
                        <conditions><add input="{HTTPS}" pattern="off" ignoreCase="true" /></conditions>
                        <action type="Redirect" url="https://{HTTP_HOST}/{R:1}" redirectType="Permanent" />
                    </rule>
                    <rule name="Canonical host" stopProcessing="true">
                        <match url="(.*)" />
                        <conditions><add input="{HTTP_HOST}" pattern="^www\\.${name.replace(/\./g, '\\.')}$" /></conditions>
                        <action type="Redirect" url="https://${name}/{R:1}" redirectType="Permanent" />
                    </rule>
                </rules>
            </rewrite>
            <httpErrors errorMode="DetailedLocalOnly" existingResponse="Auto">
                <remove statusCode="404" subStatusCode="-1" />
                <error statusCode="404" prefixLanguageFilePath="" path="/errors/404.html" responseMode="ExecuteURL" />
                <remove statusCode="500" subStatusCode="-1" />
                <error statusCode="500" prefixLanguageFilePath="" path="/errors/500.html" responseMode="ExecuteURL" />
            </httpErrors>
            <defaultDocument enabled="true">
                <files>
                    <clear />
                    <add value="index.html" />
                    <add value="default.aspx" />
                </files>
            </defaultDocument>
        </system.webServer>
        <system.web>
            <compilation debug="false" targetFramework="4.8" />
            <httpRuntime targetFramework="4.8" maxRequestLength="102400" enableVersionHeader="false" />
        </system.web>
    </location>\r\n`,
    );
  }
  const out = text
    .replace('            <applicationPoolDefaults', `${pools.join('')}            <applicationPoolDefaults`)
    .replace('            <siteDefaults>', `${sites.join('')}            <siteDefaults>`)
    .replace('</configuration>', `${locations.join('')}</configuration>`);
  if (out.length < text.length + count * 1000) throw new Error('bench: examples/healthy applicationHost.config no longer has the elements the generator inserts before');
  return Buffer.from(out);
}

/**
 * LocalMachine\My of examples/healthy with `count` more certificates, as the collector's PowerShell
 * writes the listing (docs/bundle.md, certs.localmachine-my). The certificates are issued by the
 * openssl CLI (a different implementation than the reader), each with its own serial number.
 */
export function manyCertificatesStore(count, work) {
  const dir = join(work, 'ca');
  mkdirSync(join(dir, 'out'), { recursive: true });
  const openssl = (args) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * MB });
    if (r.error || r.status !== 0) throw new Error(`bench: openssl ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
  };
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]', 'default_ca = bench', '[bench]', 'dir = .', 'database = index.txt', 'serial = serial', 'new_certs_dir = out',
      'certificate = ca.pem', 'private_key = ca.key', 'default_md = sha256', 'policy = any', 'unique_subject = no',
      'email_in_dn = no', 'copy_extensions = none', 'x509_extensions = ext', '[any]', 'commonName = supplied',
      '[ext]', 'basicConstraints = CA:false', 'keyUsage = digitalSignature', 'extendedKeyUsage = clientAuth',
      'subjectAltName = DNS:device.bench.example.net', 'authorityKeyIdentifier = keyid',
    ].join('\n'),
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Bench Issuing CA', '-days', '7300']);
  openssl(['req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=device.bench.example.net']);
  // One CSR signed `count` times: every certificate differs by its serial number, so each is its own DER.
  openssl(['ca', '-config', 'ca.cnf', '-batch', '-notext', '-startdate', '20250101000000Z', '-enddate', '20350101000000Z', '-out', 'issued.pem', '-infiles', ...Array(count).fill('leaf.csr')]);
  const ders = readdirSync(join(dir, 'out')).map((f) => {
    const pem = readFileSync(join(dir, 'out', f), 'utf8');
    return Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  });
  if (ders.length !== count) throw new Error(`bench: openssl issued ${ders.length} certificates, expected ${count}`);
  const healthy = JSON.parse(readFileSync('examples/healthy/certs/localmachine-my.json', 'utf8').replace(/^\uFEFF/, ''));
  const entries = [
    ...healthy,
    ...ders.map((der) => ({
      Thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
      HasPrivateKey: false,
      RawData: der.toString('base64'),
    })),
  ];
  // ConvertTo-Json's layout, with the UTF-8 BOM PowerShell writes.
  return Buffer.from(`\uFEFF${JSON.stringify(entries, null, 4).replace(/": /g, '":  ')}\r\n`);
}
