import { type PipelineContext, replyToStranger } from '@psycheos/bot-runtime';
import { isClient } from './screen-context';

/** Answers a client every time; a stranger once per STRANGER_REPLY_INTERVAL_MINUTES. */
export const answerPerson = (ctx: PipelineContext, text: string, intervalMinutes: number) =>
  isClient(ctx) ? ctx.reply(text) : replyToStranger(ctx, text, intervalMinutes);
