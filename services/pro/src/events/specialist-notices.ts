import { enqueueReplies, REPLY_PRIORITY, type ServiceDeps } from '@psycheos/bot-runtime';
import type { Database } from '@psycheos/db';
import { EventConsumer, type EventConsumerSpec, type EventEnvelope } from '@psycheos/events';
import type { Transaction } from 'kysely';
import { type ToolBotId, texts, toolTitles } from '../texts';

/**
 * What the other bots report back, told to the specialist in pro, in the words of
 * their case. The message goes to the reply outbox in the consumer's transaction, with
 * the event's inbox row: the specialist is told exactly once, however often the event
 * is delivered, and pro's reply sender sends it (within its poll, a fraction of a second).
 */
export function startSpecialistNotices(deps: ServiceDeps): { stop(): Promise<void> } {
  const nats = deps.nats;
  if (!nats) return { stop: async () => {} };
  const notify =
    (message: (event: EventEnvelope, caseName: string) => string): EventConsumerSpec['handle'] =>
    async (tx, event) => {
      const target = await caseOwner(
        tx,
        event.payload.context_id,
        event.payload.specialist_user_id,
      );
      // The case or the specialist was deleted meanwhile: nothing to tell anyone.
      if (!target) return;
      const chatId = target.telegram_id;
      await enqueueReplies(tx, {
        botId: 'pro',
        chatId,
        priority: REPLY_PRIORITY.known,
        calls: [
          {
            method: 'sendMessage',
            payload: { chat_id: chatId, text: message(event, target.client_ref) },
          },
        ],
      });
    };
  const consumers = [
    new EventConsumer(
      {
        durable: 'pro-tool-sessions',
        subject: 'psycheos.tool.session.finished',
        handle: notify((event, name) => {
          const botId = (event.payload as { bot_id: ToolBotId }).bot_id;
          return texts.sessionFinished(toolTitles[botId] ?? botId, name);
        }),
      },
      { db: deps.db, nats, logger: deps.logger, errors: deps.errors },
    ),
    new EventConsumer(
      {
        durable: 'pro-client-links',
        subject: 'psycheos.client.linked',
        handle: notify((_event, name) => texts.clientLinked(name)),
      },
      { db: deps.db, nats, logger: deps.logger, errors: deps.errors },
    ),
  ];
  for (const consumer of consumers) consumer.start();
  return { stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}

/** The case's label and its active specialist's chat; undefined once either is gone. */
export function caseOwner(tx: Transaction<Database>, contextId: string, specialistUserId: string) {
  return tx
    .selectFrom('contexts')
    .innerJoin('users', 'users.user_id', 'contexts.specialist_user_id')
    .select(['contexts.client_ref', 'users.telegram_id'])
    .where('contexts.context_id', '=', contextId)
    .where('users.user_id', '=', specialistUserId)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}
