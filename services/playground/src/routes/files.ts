import type { FastifyInstance } from 'fastify';
import type { PlaygroundDeps } from '../deps';

/**
 * A photo or document a bot sent, as the local Bot API stored it. The bytes come from a bot
 * and are served from the page's own origin, so they may never run there: no sniffing, a
 * sandbox, and anything but an image is a download.
 */
export function registerFileRoute(app: FastifyInstance, deps: PlaygroundDeps) {
  app.get<{ Params: { fileId: string } }>(
    '/playground/api/files/:fileId',
    {
      schema: {
        params: {
          type: 'object',
          required: ['fileId'],
          properties: { fileId: { type: 'string', minLength: 1, maxLength: 256 } },
        },
      },
    },
    async (request, reply) => {
      const file = deps.botApi.file(request.params.fileId);
      if (!file) return reply.code(404).send({ ok: false, error: 'no such file' });
      const mimeType = file.mimeType ?? 'application/octet-stream';
      const disposition = mimeType.startsWith('image/') ? 'inline' : 'attachment';
      const fileName = encodeURIComponent(file.fileName ?? 'file');
      return reply
        .header('content-type', mimeType)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${fileName}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );
}
