/**
 * A minimal HTTP CONNECT proxy on loopback. Every tunnel goes to 127.0.0.1 at the port the test
 * maps the requested host to, whatever the name, so nothing leaves the machine.
 */
import net from 'node:net';

export interface ConnectProxy {
  port: number;
  /** host:port strings the proxy was asked to tunnel to, in order. */
  requests: string[];
  close(): Promise<void>;
}

export type ProxyMode = 'tunnel' | 'auth-required' | 'silent';

export async function startConnectProxy(ports: Record<string, number>, mode: ProxyMode = 'tunnel'): Promise<ConnectProxy> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      client.off('data', onData);
      const target = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head)?.[1] ?? '';
      requests.push(target);
      if (mode === 'silent') return;
      if (mode === 'auth-required') {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const port = ports[target.split(':')[0]!];
      if (!port) {
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const upstream = net.connect({ host: '127.0.0.1', port }, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
