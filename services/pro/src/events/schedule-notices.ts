import { enqueueReplies, REPLY_PRIORITY, type ServiceDeps } from '@psycheos/bot-runtime';
import type { Database } from '@psycheos/db';
import {
  EventConsumer,
  type EventEnvelope,
  type EventSubject,
  type ScheduleRef,
} from '@psycheos/events';
import type { InstrumentCatalogue } from '@psycheos/screening';
import type { Transaction } from 'kysely';
import { dayMonth } from '../dates';
import { scheduleTexts } from '../schedule-texts';
import { titlesOf } from '../screening/schedule-lines';
import { caseOwner } from './specialist-notices';

type Tx = Transaction<Database>;
type Notice = (tx: Tx, event: EventEnvelope, caseName: string) => Promise<string | null>;

/**
 * What screen reports of a screening schedule, told to the specialist in pro: the client
 * agreed or said no, stopped it, blocked the bot, or missed a questionnaire. Each goes to the
 * reply outbox in the consumer's transaction, once per event; screen sends each event at
 * most once per schedule (a missed one once per questionnaire), so this is never a flood.
 * A reliable deterioration is no notice of its own: the completion notice says it.
 */
export function startScheduleNotices(
  deps: ServiceDeps,
  catalogue: InstrumentCatalogue,
): { stop(): Promise<void> } {
  const nats = deps.nats;
  if (!nats) return { stop: async () => {} };
  const scheduleOf = (tx: Tx, event: EventEnvelope) =>
    tx
      .selectFrom('screening_schedules')
      .select(['instruments', 'cadence_days', 'starts_at', 'anchor_at', 'status', 'next_send_at'])
      .where('schedule_id', '=', (event.payload as ScheduleRef).schedule_id)
      .executeTakeFirst();

  const notices: Partial<Record<EventSubject, { durable: string; notice: Notice }>> = {
    'psycheos.screening.schedule.accepted': {
      durable: 'pro-schedule-accepted',
      notice: async (tx, event, name) => {
        const schedule = await scheduleOf(tx, event);
        if (!schedule) return null;
        // Due times count from the anchor: the start, or the client's yes when it came later.
        const first = schedule.anchor_at ?? schedule.starts_at;
        const summary = scheduleTexts.summary(
          titlesOf(catalogue, schedule.instruments),
          schedule.cadence_days,
          dayMonth(first),
        );
        return scheduleTexts.accepted(name, summary);
      },
    },
    'psycheos.screening.schedule.declined': {
      durable: 'pro-schedule-declined',
      notice: async (_tx, _event, name) => scheduleTexts.declined(name),
    },
    'psycheos.screening.schedule.stopped': {
      durable: 'pro-schedule-stopped',
      notice: async (_tx, event, name) =>
        (event as EventEnvelope<'psycheos.screening.schedule.stopped'>).payload.reason === 'blocked'
          ? scheduleTexts.blocked(name)
          : scheduleTexts.stoppedByClient(name),
    },
    'psycheos.screening.missed': {
      durable: 'pro-screening-missed',
      notice: async (tx, event, name) => {
        const { schedule_id, occurrence } = (event as EventEnvelope<'psycheos.screening.missed'>)
          .payload;
        const schedule = await scheduleOf(tx, event);
        const missed = await tx
          .selectFrom('screening_schedule_occurrences')
          .select('sent_at')
          .where('schedule_id', '=', schedule_id)
          .where('occurrence', '=', occurrence)
          .executeTakeFirst();
        if (!schedule || !missed) return null;
        const next = schedule.status === 'active' ? schedule.next_send_at : null;
        return scheduleTexts.missed(
          name,
          titlesOf(catalogue, schedule.instruments),
          dayMonth(missed.sent_at),
          next ? dayMonth(next) : null,
        );
      },
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
            // The case or the specialist was deleted meanwhile: nothing to tell anyone.
            if (!target) return;
            const text = await spec.notice(tx, event, target.client_ref);
            if (!text) return;
            await enqueueReplies(tx, {
              botId: 'pro',
              chatId: target.telegram_id,
              priority: REPLY_PRIORITY.known,
              calls: [{ method: 'sendMessage', payload: { chat_id: target.telegram_id, text } }],
            });
          },
        },
        { db: deps.db, nats, logger: deps.logger, errors: deps.errors },
      ),
  );
  for (const consumer of consumers) consumer.start();
  return { stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}
