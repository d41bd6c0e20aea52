import { enqueueReplies, REPLY_PRIORITY, type ServiceDeps } from '@psycheos/bot-runtime';
import type { Database } from '@psycheos/db';
import { EventConsumer, type EventEnvelope, type EventSubject } from '@psycheos/events';
import type { InstrumentCatalogue } from '@psycheos/screening';
import { InlineKeyboard } from 'grammy';
import type { Transaction } from 'kysely';
import { callbackData } from '../bot/callback-data';
import { trailsUpToSession } from '../data/screening-trails';
import { sessionAnswers } from '../data/screenings';
import { scheduleTexts } from '../schedule-texts';
import { changeLines } from '../screening/change-text';
import { summaryLines } from '../screening/results-text';
import { labels, texts } from '../texts';
import { caseOwner } from './specialist-notices';

type Tx = Transaction<Database>;
type Notice = (
  tx: Tx,
  event: EventEnvelope,
  caseName: string,
) => Promise<{ text: string; reply_markup?: InlineKeyboard } | null>;

/**
 * What the screen bot reports about a client's screening, told to the specialist in pro:
 * a completed screening with each instrument's total and band (the answers item by item
 * on a button) and whether it changed reliably since the client's first and previous
 * results in the case, a consent refused, a screening stopped, a client who withdrew. Like the other
 * notices, each goes to the reply outbox in the consumer's transaction, once per event.
 * Crisis alerts do not come this way: they must not wait for NATS (screen writes them
 * straight into pro's outbox, as urgent rows).
 */
export function startScreeningNotices(
  deps: ServiceDeps,
  catalogue: InstrumentCatalogue,
): { stop(): Promise<void> } {
  const nats = deps.nats;
  if (!nats) return { stop: async () => {} };
  const sessionIdOf = (event: EventEnvelope) =>
    String((event.payload as { session_id?: string }).session_id);

  const notices: Partial<Record<EventSubject, { durable: string; notice: Notice }>> = {
    'psycheos.screening.completed': {
      durable: 'pro-screening-completed',
      notice: async (tx, event, name) => {
        const sessionId = sessionIdOf(event);
        const lines = await summaryLines(tx, catalogue, sessionId);
        // The client withdrew before this was handled: nothing left to report.
        if (lines.length === 0) return null;
        const trails = await trailsUpToSession(tx, sessionId);
        return {
          text: texts.screeningCompleted(name, lines, changeLines(catalogue, trails, sessionId)),
          reply_markup: new InlineKeyboard().text(
            labels.screeningAnswers,
            callbackData.screeningAnswers(sessionId),
          ),
        };
      },
    },
    'psycheos.screening.declined': {
      durable: 'pro-screening-declined',
      notice: async (_tx, _event, name) => ({ text: texts.screeningDeclined(name) }),
    },
    'psycheos.screening.stopped': {
      durable: 'pro-screening-stopped',
      notice: async (tx, event, name) => {
        const session = await tx
          .selectFrom('screening_sessions')
          .select('instruments')
          .where('session_id', '=', sessionIdOf(event))
          .executeTakeFirst();
        if (!session) return null;
        const total = session.instruments.reduce(
          (sum, id) => sum + (catalogue.find(id)?.items.length ?? 0),
          0,
        );
        const answered = (await sessionAnswers(tx, sessionIdOf(event))).length;
        return { text: texts.screeningStopped(name, answered, total) };
      },
    },
    'psycheos.client.withdrew': {
      durable: 'pro-client-withdrew',
      notice: async (_tx, event, name) => ({
        text: (event.payload as { schedule_stopped?: boolean }).schedule_stopped
          ? scheduleTexts.withdrew(name)
          : texts.clientWithdrew(name),
      }),
    },
  };

  const consumers = Object.entries(notices).map(
    ([subject, spec]) =>
      new EventConsumer(
        {
          durable: spec.durable,
          subject: subject as EventSubject,
          handle: async (tx, event) => {
            const { context_id, specialist_user_id } = event.payload;
            const target = await caseOwner(tx, context_id, specialist_user_id);
            if (!target) return;
            const message = await spec.notice(tx, event, target.client_ref);
            if (!message) return;
            await enqueueReplies(tx, {
              botId: 'pro',
              chatId: target.telegram_id,
              priority: REPLY_PRIORITY.known,
              calls: [
                {
                  method: 'sendMessage',
                  payload: { chat_id: target.telegram_id, ...message },
                },
              ],
            });
          },
        },
        { db: deps.db, nats, logger: deps.logger, errors: deps.errors },
      ),
  );
  for (const consumer of consumers) consumer.start();
  return { stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}
