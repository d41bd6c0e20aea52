import type { PipelineContext, User } from '@psycheos/shared';

/** The pro bot's FSM states, persisted in bot_chat_state.state. */
export type ProState =
  | 'main_menu'
  | 'admin_panel'
  | 'waiting_case_name'
  | 'waiting_case_rename'
  | 'waiting_invite_note';

/** What the pro bot knows about the sender before any handler runs. */
export interface ProFlavor {
  /** The sender's users row; null for someone who never registered. */
  account: User | null;
  /** The sender is in ADMIN_IDS. */
  isAdmin: boolean;
}

export type ProContext = PipelineContext & ProFlavor;

export const isActiveSpecialist = (ctx: ProContext): boolean =>
  ctx.account?.role === 'specialist' && ctx.account.status === 'active';

export const currentState = (ctx: ProContext): ProState | null =>
  (ctx.chatState?.state as ProState | undefined) ?? null;

/** The users row of the specialist behind this update; only for specialist handlers. */
export function specialistAccount(ctx: ProContext): User {
  if (!ctx.account) throw new Error('a specialist handler ran without an account');
  return ctx.account;
}

/** The users.user_id of the specialist behind this update; only for specialist handlers. */
export const specialistId = (ctx: ProContext): string => specialistAccount(ctx).user_id;
