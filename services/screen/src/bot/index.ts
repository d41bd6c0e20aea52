import type { PipelineContext } from '@psycheos/bot-runtime';
import { Composer } from 'grammy';
import { crisisTurn } from './crisis-turn';
import { forgetEmptyChats } from './empty-chats';
import { invites } from './invite';
import { messages } from './messages';
import { scheduleConsent } from './schedule-consent';
import { scheduleControlsFlow } from './schedule-controls';
import type { ScreenBotDeps } from './screen-context';
import { sessionFlow } from './session-flow';
import { withdrawal } from './withdraw';

export type { ScreenBotDeps } from './screen-context';

/**
 * The client's bot, in the order an update meets it: /start and invites, /stop and
 * /delete_me, a schedule's consent and its /pause, /resume and buttons, the session's
 * buttons, the choice after the crisis resources, and whatever else is written (crisis
 * language first).
 * Someone who never opened an invite is a stranger here: answered once per period, except
 * that crisis language is always answered with the crisis resources, and keeps no chat row
 * once nothing in it is theirs (empty-chats.ts).
 */
export function createScreenBot(deps: ScreenBotDeps): Composer<PipelineContext> {
  const bot = new Composer<PipelineContext>();
  bot.use(forgetEmptyChats);
  bot.use(invites(deps));
  bot.use(withdrawal(deps));
  bot.use(scheduleConsent(deps));
  bot.use(scheduleControlsFlow(deps));
  bot.use(sessionFlow(deps));
  bot.use(crisisTurn(deps));
  bot.use(messages(deps));
  return bot;
}
