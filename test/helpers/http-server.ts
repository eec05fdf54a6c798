/** A throwaway HTTP server for tests: 127.0.0.1 only, a free port, closed with its connections. */
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening server and its base URL (`http://127.0.0.1:PORT`). */
export interface TestServer {
  server: Server;
  base: string;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

/**
 * Starts `handler` on 127.0.0.1 at a free port.
 *
 * @example
 * ```ts
 * const http = await startServer((_req, res) => res.end('a\nb\n'));
 * await collect(lines(`${http.base}/x`));
 * await http.close();
 * ```
 */
export async function startServer(handler: RequestListener): Promise<TestServer> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
