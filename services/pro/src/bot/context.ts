import {
  defineChatStates,
  keepsNothing,
  keepsString,
  type PipelineContext,
} from '@psycheos/bot-runtime';
import type { User } from '@psycheos/db';
import type { InstrumentCatalogue } from '@psycheos/screening';

/**
 * The pro bot's chat states, each with what its step keeps (bot_chat_state). A rename keeps
 * the case being renamed; the others keep nothing. Anything else stored (`idle`, which a
 * deletion or a block leaves) reads as no state.
 */
export const proStates = defineChatStates({
  main_menu: keepsNothing,
  admin_panel: keepsNothing,
  waiting_case_name: keepsNothing,
  waiting_case_rename: keepsString('contextId'),
  waiting_invite_note: keepsNothing,
});

export type ProState = NonNullable<ReturnType<typeof proStates.read>>;

/** The main menu: where a chat with no state of its own is. */
export const MAIN_MENU: ProState = { name: 'main_menu', data: {} };

/** What the pro bot knows about the sender before any handler runs. */
export interface ProFlavor {
  /** The sender's users row; null for someone who never registered. */
  account: User | null;
  /** The sender is in ADMIN_IDS. */
  isAdmin: boolean;
  /** WEBAPP_URL: the dashboard «📊 Панель» opens; the button is absent without it. */
  dashboardUrl: string | undefined;
  /** The deployment's questionnaires: what a case card's screening schedule is called by. */
  catalogue: InstrumentCatalogue;
  /**
   * Answers someone who is neither a specialist nor an admin: a button press every time,
   * a message once per STRANGER_REPLY_INTERVAL_MINUTES (replyToStranger), the rest unanswered.
   */
  answerStranger(text: string, other?: ReplyOptions): Promise<void>;
}

type ReplyOptions = Parameters<PipelineContext['reply']>[1];

export type ProContext = PipelineContext & ProFlavor;

export const isActiveSpecialist = (ctx: ProContext): boolean =>
  ctx.account?.role === 'specialist' && ctx.account.status === 'active';

/** A specialist whether blocked or not: for what does not depend on access. */
export const isSpecialist = (ctx: ProContext): boolean => ctx.account?.role === 'specialist';

/** The name of the chat's state, for handlers that only ask where the chat is. */
export const currentState = (ctx: ProContext): ProState['name'] | null =>
  proStates.read(ctx)?.name ?? null;

/** The users row of the specialist behind this update; only for specialist handlers. */
export function specialistAccount(ctx: ProContext): User {
  if (!ctx.account) throw new Error('a specialist handler ran without an account');
  return ctx.account;
}

/** The users.user_id of the specialist behind this update; only for specialist handlers. */
export const specialistId = (ctx: ProContext): string => specialistAccount(ctx).user_id;
