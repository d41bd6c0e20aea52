import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

/**
 * For the comparison servers (floor-server.ts, grammy-alternative.ts): listens on PORT on
 * loopback and, on SIGTERM, closes the server, then the pool, and exits 0.
 */
export async function serveUntilSigterm(app: FastifyInstance, pool: pg.Pool): Promise<void> {
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}
