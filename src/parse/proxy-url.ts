/**
 * A proxy as written in the connector's registry, but for a password in it (`user:secret@proxy:8080`,
 * with or without a scheme): a report or a bundle must not repeat it.
 */
export function withoutPassword(server: string): string {
  return server.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?[^\s/@:]*):[^\s/@]*@/i, '$1:***@');
}
