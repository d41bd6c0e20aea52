import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const PAGE_DIR = fileURLToPath(new URL('../../page/', import.meta.url));

/**
 * The page and its files, never cached: it is edited while the playground runs, and a stale
 * module beside a fresh one breaks the page in ways that waste a developer's afternoon.
 * The policy keeps the page to its own scripts, so a bot's text can never run as one, and
 * lets it frame the dashboard (the Mini App panel beside the chat).
 */
export async function registerPageRoutes(app: FastifyInstance, dashboardUrl: string) {
  const policy = [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    `frame-src 'self' ${new URL(dashboardUrl).origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  await app.register(fastifyStatic, {
    root: PAGE_DIR,
    prefix: '/playground/assets/',
    index: false,
    cacheControl: false,
    setHeaders: (res) => res.setHeader('cache-control', 'no-store'),
  });
  const servePage = (_request: unknown, reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', policy)
      .sendFile('index.html');
  app.get('/playground', servePage);
  app.get('/playground/', servePage);
}
