import {
  defineChatStates,
  keepsNothing,
  keepsStrings,
  type PipelineContext,
} from '@psycheos/bot-runtime';
import type { ToolSession } from '@psycheos/db';

/**
 * The tool bots' chat states (bot_chat_state): idle, or in a tool session, keeping the
 * specialist it was opened for, the session's id and, while a correction is awaited
 * (result-review.ts), the result it is for. A row from the launcher's first days, before
 * sessions had rows, keeps no session id: /finish still closes it, and nothing else runs in it.
 * Anything else stored reads as no state.
 */
export const toolStates = defineChatStates({
  idle: keepsNothing,
  tool_session: keepsStrings(['specialistUserId'], ['sessionId', 'correctionFor']),
});

type ToolChatState = NonNullable<ReturnType<typeof toolStates.read>>;

/** Where a chat is after /finish, a block, or a session that has gone. */
export const IDLE: ToolChatState = { name: 'idle', data: {} };

/** The chat in `session`, awaiting a correction of the result `correctionFor` when given. */
export const chatInSession = (session: ToolSession, correctionFor?: string): ToolChatState => ({
  name: 'tool_session',
  data: {
    specialistUserId: session.specialist_user_id,
    sessionId: session.session_id,
    ...(correctionFor === undefined ? {} : { correctionFor }),
  },
});

/** What the chat's session state keeps, or null when the chat is in no session. */
export function sessionKept(ctx: PipelineContext) {
  const state = toolStates.read(ctx);
  return state?.name === 'tool_session' ? state.data : null;
}
