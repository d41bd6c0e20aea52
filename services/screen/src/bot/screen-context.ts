import {
  defineChatStates,
  keepsNothing,
  keepsString,
  type PipelineContext,
} from '@psycheos/bot-runtime';
import type { Clock } from '@psycheos/platform';
import type { InstrumentCatalogue } from '@psycheos/screening';
import type { CrisisLanguage } from '@psycheos/screening/crisis';
import type { DaytimeWindow } from '../schedule/daytime-window';

/** What the screen bot's flows are built from. */
export interface ScreenBotDeps {
  catalogue: InstrumentCatalogue;
  crisisLanguage: CrisisLanguage;
  /** CRISIS_RESOURCES_TEXT, or the default. */
  crisisResources: string;
  /** SERVICE_OPERATOR_TEXT, or the default: named in the consent. */
  serviceOperator: string;
  /** The service's STRANGER_REPLY_INTERVAL_MINUTES. */
  strangerReplyIntervalMinutes: number;
  /** What time it is: when a schedule starts, and what the client is told of its next send. */
  clock: Clock;
  /** SCREENING_TIME_ZONE and SCREENING_HOURS: when scheduled questionnaires may come. */
  window: DaytimeWindow;
}

/** The screen bot's chat states: a chat is in a session (its id kept) or idle. */
export const screenStates = defineChatStates({
  idle: keepsNothing,
  session: keepsString('sessionId'),
});

export const IDLE = { name: 'idle', data: {} } as const;

/** The session the chat is in, as saved in its state. */
export const currentSessionId = (ctx: PipelineContext): string | null => {
  const state = screenStates.read(ctx);
  return state?.name === 'session' ? state.data.sessionId : null;
};

/** Someone a screening invite registered, or whose chat is bound to a case. */
export const isClient = (ctx: PipelineContext) =>
  ctx.sender?.role === 'client' || Boolean(ctx.chatState?.context_id);
