import { type Database, findBotUsername } from '@psycheos/db';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Kysely } from 'kysely';
import { runtimeTexts, TOP_UP_START } from './runtime-texts';

/**
 * «💳 Пополнить» under a refusal for credits: a link to pro's /start topup (pro sells the
 * credits; the tool bots only spend them). None while pro has not published its @username.
 */
export async function topUpButton(db: Kysely<Database>): Promise<InlineKeyboardMarkup | undefined> {
  const pro = await findBotUsername(db, 'pro');
  if (!pro) return undefined;
  return {
    inline_keyboard: [
      [{ text: runtimeTexts.topUp, url: `https://t.me/${pro}?start=${TOP_UP_START}` }],
    ],
  };
}
