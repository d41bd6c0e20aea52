import { BadRequest } from '../bad-request';
import type { PlaygroundBot } from '../config';
import type { PlaygroundDeps } from '../deps';
import type { PlaygroundPerson } from '../people-store';

/** The bot (by @username, as t.me links name it) and the person of one chat, or a 400. */
export function chatParties(
  deps: Pick<PlaygroundDeps, 'config' | 'people'>,
  botUsername: string,
  personId: number,
): { bot: PlaygroundBot; person: PlaygroundPerson } {
  const bot = deps.config.bots.find(
    (candidate) => candidate.username.toLowerCase() === botUsername.replace(/^@/, '').toLowerCase(),
  );
  if (!bot) throw new BadRequest(`there is no bot @${botUsername} in the playground`);
  const person = deps.people.find(personId);
  if (!person) throw new BadRequest(`there is no person ${personId} in the playground`);
  return { bot, person };
}

/** The JSON schema of the two fields every chat request carries. */
export const chatPartiesSchema = {
  bot: { type: 'string', minLength: 1, maxLength: 64 },
  person: { type: 'integer', minimum: 1 },
} as const;
