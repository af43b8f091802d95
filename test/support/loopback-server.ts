import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A node:http server on a free loopback port whose `close` also ends kept-alive connections. */
export interface LoopbackServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts `listener` on a free port of `host` (default 127.0.0.1) and resolves once it listens. */
export async function listenOnLoopback(listener: RequestListener, host = '127.0.0.1'): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer(listener);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
