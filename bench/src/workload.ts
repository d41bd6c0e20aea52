import { specialistTerms } from '@psycheos/bot-runtime';
import type { Database } from '@psycheos/db';
import { buttonPress, textMessage } from '@psycheos/testkit';
import type { Update } from 'grammy/types';
import type { Kysely } from 'kysely';

/**
 * Realistic pro traffic: each chat is a registered specialist who opens the menu, starts a
 * case, names it, lists their cases and taps the list's button. A chat's updates are sent
 * one after another (as a person sends them); chats run side by side.
 */
export interface Chat {
  telegramId: number;
  updates: Update[];
}

export const STEPS_PER_CHAT = 5;
/** Bot API calls a chat's five updates cause: six messages and edits, one button answer. */
export const CALLS_PER_CHAT = 7;

export function makeWorkload(
  chatCount: number,
  firstTelegramId: number,
  firstUpdateId: number,
): Chat[] {
  let updateId = firstUpdateId;
  return Array.from({ length: chatCount }, (_, index) => {
    const person = { id: firstTelegramId + index, first_name: 'Bench' };
    return {
      telegramId: person.id,
      updates: [
        textMessage(person, '/start', updateId++),
        textMessage(person, '➕ Новый кейс', updateId++),
        textMessage(person, `Кейс ${index}`, updateId++),
        textMessage(person, '📁 Мои кейсы', updateId++),
        buttonPress(person, 'cases:page:0', 1, updateId++),
      ],
    };
  });
}

/**
 * The terms every bench specialist has accepted. pro answers a specialist with its terms
 * until they accept the current version, so pro runs with this text (spread this into its
 * environment) and registerSpecialists records its version.
 */
export const BENCH_TERMS_ENV = { SPECIALIST_TERMS_TEXT: 'Условия нагрузочного теста.' };

/** Registers each chat's person as a specialist who accepted the terms, so pro serves them. */
export async function registerSpecialists(db: Kysely<Database>, chats: Chat[]): Promise<void> {
  const { version } = specialistTerms(BENCH_TERMS_ENV.SPECIALIST_TERMS_TEXT);
  await db
    .insertInto('users')
    .values(
      chats.map((chat) => ({
        telegram_id: chat.telegramId,
        role: 'specialist' as const,
        terms_version: version,
        terms_accepted_at: new Date(),
      })),
    )
    .execute();
}
