import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance } from 'fastify';

/**
 * /app and everything under it go to the dashboard's service (services/webapp): the Mini
 * App's page and its API. The gateway stays the single public entry point; the dashboard
 * checks every API call's initData itself.
 */
export async function registerDashboardRoute(app: FastifyInstance, dashboardUrl: string) {
  await app.register(httpProxy, {
    upstream: dashboardUrl,
    prefix: '/app',
    rewritePrefix: '/app',
    httpMethods: ['GET', 'HEAD', 'POST'],
    // The proxy logs two info lines per request; the dashboard logs what matters itself.
    logLevel: 'warn',
  });
}
