import { acceptedTerms } from '@psycheos/ai/testing';
import type { Database } from '@psycheos/db';
import { createLogger } from '@psycheos/platform';
import { type InstrumentCatalogue, loadInstruments } from '@psycheos/screening';
import { type SignData, sign } from '@telegram-apps/init-data-node';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../src/app';

/** pro's token in these tests: Telegram signs a Mini App's initData with it. */
export const PRO_TOKEN = '700001:dashboard-test-token';

/**
 * initData as Telegram makes it, signed by @telegram-apps/init-data-node: an implementation
 * other than the service's own, so a mistake in either shows.
 */
export function signedInitData(
  telegramId: number,
  authDate = new Date(),
  token = PRO_TOKEN,
): string {
  const data = {
    query_id: `q-${telegramId}`,
    user: { id: telegramId, first_name: 'Ирина', language_code: 'ru', allows_write_to_pm: true },
  } as unknown as SignData;
  return sign(data, token, authDate);
}

const day = 24 * 3600 * 1000;

/**
 * A specialist who accepted the terms in force, with an active case that has three
 * completed PHQ-9 screenings (the latest with its answers, one a week apart) and a GAD-7,
 * one saved interpretation, and an archived case; returns their ids.
 */
export async function seedPractice(
  db: Kysely<Database>,
  telegramId: number,
  labels = ['Мария К.', 'Олег (архив)'],
) {
  const { user_id: userId } = await db
    .insertInto('users')
    .values({
      telegram_id: telegramId,
      role: 'specialist',
      full_name: 'Ирина Соколова',
      ...(await acceptedTerms(db)),
    })
    .returning('user_id')
    .executeTakeFirstOrThrow();
  const { context_id: activeCase } = await db
    .insertInto('contexts')
    .values({ specialist_user_id: userId, client_ref: labels[0] ?? 'case' })
    .returning('context_id')
    .executeTakeFirstOrThrow();
  const { context_id: archivedCase } = await db
    .insertInto('contexts')
    .values({ specialist_user_id: userId, client_ref: labels[1] ?? 'archived', status: 'archived' })
    .returning('context_id')
    .executeTakeFirstOrThrow();
  const { user_id: clientId } = await db
    .insertInto('users')
    .values({ telegram_id: telegramId + 500_000, role: 'client' })
    .returning('user_id')
    .executeTakeFirstOrThrow();
  const phq9 = [
    { score: 19, band: 'умеренно тяжёлая', index: 3, daysAgo: 21 },
    { score: 14, band: 'умеренная', index: 2, daysAgo: 14 },
    { score: 8, band: 'лёгкая', index: 1, daysAgo: 7 },
  ];
  for (const [position, point] of phq9.entries()) {
    const completedAt = new Date(Date.now() - point.daysAgo * day);
    const { session_id: sessionId } = await db
      .insertInto('screening_sessions')
      .values({
        context_id: activeCase,
        client_user_id: clientId,
        instruments: position === 2 ? ['phq9', 'gad7'] : ['phq9'],
        status: 'completed',
      })
      .returning('session_id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('screening_sessions')
      .set({ completed_at: completedAt, consented_at: completedAt })
      .where('session_id', '=', sessionId)
      .execute();
    await db
      .insertInto('screening_scores')
      .values({
        session_id: sessionId,
        instrument_id: 'phq9',
        raw: point.score,
        score: point.score,
        band_index: point.index,
        band_label: point.band,
      })
      .execute();
    if (position === 2) {
      await db
        .insertInto('screening_scores')
        .values({
          session_id: sessionId,
          instrument_id: 'gad7',
          raw: 6,
          score: 6,
          band_index: 1,
          band_label: 'лёгкая',
        })
        .execute();
      // PHQ-9's answers summing to 8, the first item answered «Несколько дней» (1).
      const values = [1, 1, 1, 1, 1, 1, 1, 1, 0];
      await db
        .insertInto('screening_answers')
        .values(
          values.map((value, item) => ({
            session_id: sessionId,
            position: item,
            instrument_id: 'phq9',
            item_index: item,
            value,
          })),
        )
        .execute();
    }
  }
  await db
    .insertInto('ai_results')
    .values({
      context_id: activeCase,
      specialist_user_id: userId,
      bot_id: 'interpretator',
      kind: 'interpretation',
      title: 'Интерпретация материала',
      body: '**Рабочие гипотезы**\n\n1. Катастрофизация на работе: «я всё время жду, что меня уволят».',
      prompt_version: 'interpret.v1',
      model: 'claude-sonnet-5-5',
    })
    .execute();
  return { userId, activeCase, archivedCase };
}

/**
 * The dashboard's API as the tests run it: the Интерпретатор's @username known (tool links
 * name it), launch data valid an hour, no page built. `catalogue` replaces the deployment's
 * questionnaires where a test needs its own.
 */
export async function startDashboardApi(
  db: Kysely<Database>,
  options: { catalogue?: InstrumentCatalogue } = {},
): Promise<FastifyInstance> {
  await db
    .insertInto('bot_directory')
    .values({ bot_id: 'interpretator', username: 'psy_interpret_bot' })
    .execute();
  return buildApp({
    db,
    logger: createLogger({ service: 'webapp', level: 'fatal' }),
    catalogue: options.catalogue ?? loadInstruments(),
    proBotToken: PRO_TOKEN,
    initDataMaxAgeSeconds: 3_600,
    trialMilli: 100_000,
    pageDir: '/nonexistent',
  });
}
