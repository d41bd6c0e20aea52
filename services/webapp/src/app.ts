import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { Database } from '@psycheos/db';
import { createHttpServer, type Logger } from '@psycheos/platform';
import type { InstrumentCatalogue } from '@psycheos/screening';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { registerApi } from './api/routes';

export interface WebappDeps {
  db: Kysely<Database>;
  logger: Logger;
  catalogue: InstrumentCatalogue;
  proBotToken: string;
  initDataMaxAgeSeconds: number;
  trialMilli: number;
  /** The built page (vite build → dist/web); tests of the API alone may leave it out. */
  pageDir?: string;
}

/** Where `npm run build` puts the page, beside dist/main.js. */
export const BUILT_PAGE_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * Telegram's web clients show a Mini App in an iframe; its mobile and desktop apps in a
 * web view, which sends no frame ancestors to check. 'self' is the local playground, which
 * shows the dashboard beside its chat from the gateway's own origin.
 */
const TELEGRAM_FRAMERS = ["'self'", 'https://web.telegram.org', 'https://*.web.telegram.org'];

/** The CSP hash of an empty string: an empty inline <style>, and nothing else, may load. */
const EMPTY_INLINE_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/**
 * The dashboard: the built Mini App page under /app/ and its JSON API under /app/api.
 * Nothing is loaded from another origin (the SDK is bundled), so the page runs under a
 * CSP of 'self' only; only Telegram may frame it.
 */
export async function buildApp(deps: WebappDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Telegram's SDK, once framed (as Telegram Web frames it), adds an empty <style> for the
        // custom styles only web.telegram.org may send: the hash of nothing lets it be empty.
        styleSrc: ["'self'", EMPTY_INLINE_STYLE],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: TELEGRAM_FRAMERS,
      },
    },
    // frame-ancestors decides framing; X-Frame-Options cannot name Telegram, so it is left out.
    frameguard: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await registerApi(app, deps);

  const pageDir = deps.pageDir ?? BUILT_PAGE_DIR;
  if (existsSync(pageDir)) {
    await app.register(fastifyStatic, { root: pageDir, prefix: '/app/', index: 'index.html' });
    // WEBAPP_URL may end without the slash; the page's assets are absolute (/app/assets).
    app.get('/app', (_request, reply) => reply.sendFile('index.html'));
  } else {
    deps.logger.warn({ page_dir: pageDir }, 'the dashboard page is not built: run npm run build');
  }

  app.get('/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok', service: 'webapp' };
    } catch {
      return reply.code(503).send({
        status: 'degraded',
        service: 'webapp',
        problems: ['the database does not answer'],
      });
    }
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found' }));
  return app;
}
