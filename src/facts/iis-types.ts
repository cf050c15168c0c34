/**
 * The shape of IIS configuration that several areas read (IIS, TLS binding, service account).
 * Derived from applicationHost.config by src/facts/iis.ts.
 */
export interface IisBinding {
  protocol: string;
  /** As written: `*:443:` or `10.0.0.5:443:ndes.contoso.com`. */
  bindingInformation: string;
  /** `*` for all addresses. */
  ip: string;
  /** 0 when bindingInformation is not `address:port:host` with a port from 1 to 65535: IIS cannot listen on it. */
  port: number;
  /** Host header / SNI name; empty for none. */
  host: string;
  /** 1 = SNI, 2 = central certificate store. */
  sslFlags: number;
  /** Only in `appcmd list site /config` output; applicationHost.config leaves it to HTTP.sys (netsh http show sslcert). */
  certificateHash?: string;
}

export interface IisVirtualDirectory {
  path: string;
  /** As written, environment variables unexpanded (`%SystemDrive%\inetpub\wwwroot`). */
  physicalPath: string;
  /** Whether IIS reads web.config files in the folders below the directory's own (allowSubDirConfig, default true). */
  allowSubDirConfig: boolean;
}

export interface IisApplication {
  /** `/`, `/CertSrv/mscep`, ... */
  path: string;
  applicationPool: string;
  virtualDirectories: IisVirtualDirectory[];
}

export interface IisSite {
  name: string;
  id: string;
  bindings: IisBinding[];
  applications: IisApplication[];
}

export type AppPoolIdentityType = 'ApplicationPoolIdentity' | 'NetworkService' | 'LocalService' | 'LocalSystem' | 'SpecificUser';

/** How WAS logs the pool identity on (processModel logonType); it decides which logon right the identity needs. */
export type AppPoolLogonType = 'LogonBatch' | 'LogonService';

export interface IisAppPool {
  name: string;
  identityType: AppPoolIdentityType;
  /** For SpecificUser: `CONTOSO\svc-ndes` or a gMSA `CONTOSO\gmsa-ndes$`. Never a password. */
  userName?: string;
  logonType: AppPoolLogonType;
  autoStart: boolean;
  managedRuntimeVersion: string;
}

export interface IisConfigFact {
  sites: IisSite[];
  appPools: IisAppPool[];
  /** Bundle file it was read from. */
  source: string;
}
