import type * as http from 'http';
import type { AddressInfo } from 'net';

/** Starts `server` on a free loopback port; `close` also drops open keep-alive connections. */
export async function listenOnLoopback(server: http.Server): Promise<{ baseURL: string; port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
