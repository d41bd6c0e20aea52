import type { FastifyInstance } from 'fastify';
import type { PlaygroundDeps } from '../deps';
import type { PersonRole } from '../people-store';

interface NewPerson {
  firstName: string;
  role: Exclude<PersonRole, 'admin'>;
}

/** «+ Человек»: one more specialist or client, with a Telegram id of their own. */
export function registerPeopleRoutes(app: FastifyInstance, deps: PlaygroundDeps) {
  app.post<{ Body: NewPerson }>(
    '/playground/api/people',
    {
      schema: {
        body: {
          type: 'object',
          required: ['firstName', 'role'],
          additionalProperties: false,
          properties: {
            // Telegram's own limit for a first name.
            firstName: { type: 'string', minLength: 1, maxLength: 64, pattern: '\\S' },
            role: { type: 'string', enum: ['specialist', 'client'] },
          },
        },
      },
    },
    async (request) => deps.people.add(request.body.firstName, request.body.role),
  );
}
