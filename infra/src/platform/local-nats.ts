import { join } from 'node:path';
import { type NatsServerProcess, startNatsServerProcess } from '@psycheos/shared';

/** nats-server with JetStream for `npm start`, its stream data under `<dataDir>/nats`. */
export function startLocalNats(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<NatsServerProcess> {
  return startNatsServerProcess({
    port: options.port,
    storeDir: join(options.dataDir, 'nats'),
    log: options.log,
  });
}
