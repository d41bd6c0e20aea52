import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port that was free a moment ago: for child processes that must be told their port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
