import { saveSessionState, startNewTopic, type ToolContext } from '@psycheos/ai';
import { Composer, InlineKeyboard } from 'grammy';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';
import { materialText, readPhase } from './session-state';

/** More than this is not one case's material for one answer; it also bounds the prompt. */
export const MATERIAL_LIMIT = 60_000;

const interpretButton = () =>
  new InlineKeyboard().text(texts.buttons.interpret, CALLBACK.interpret);

/**
 * An Интерпретатор session: material arrives in any number of messages (typed, forwarded,
 * captions), «🔍 Интерпретировать» asks for the structured interpretation, and after it
 * every message is a follow-up question in the same conversation until «🆕 Новая тема».
 */
export function interpretatorSession(): Composer<ToolContext> {
  const session = new Composer<ToolContext>();

  session.callbackQuery(CALLBACK.interpret, async (ctx) => {
    await ctx.answerCallbackQuery();
    const state = readPhase(ctx.toolSession.state);
    if (state.phase !== 'collecting' || state.material.length === 0) {
      await ctx.reply(texts.noMaterial);
      return;
    }
    const jobId = await ctx.requestAi('interpret', {});
    if (!jobId) return;
    await saveSessionState(ctx.db, ctx.toolSession.session_id, {
      phase: 'discussing',
      material: state.material,
    });
  });

  session.callbackQuery(CALLBACK.newTopic, async (ctx) => {
    await ctx.answerCallbackQuery();
    await startNewTopic(ctx.db, ctx.toolSession.session_id);
    await saveSessionState(ctx.db, ctx.toolSession.session_id, {
      phase: 'collecting',
      material: [],
    });
    await ctx.reply(texts.newTopic);
  });

  session.on('message', async (ctx) => {
    const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
    if (!text) {
      await ctx.reply(texts.notText);
      return;
    }
    const state = readPhase(ctx.toolSession.state);
    if (state.phase === 'discussing') {
      await ctx.requestAi('follow-up', { question: text });
      return;
    }
    const material = [...state.material, text];
    const length = materialText(material).length;
    if (length > MATERIAL_LIMIT) {
      await ctx.reply(texts.materialTooLong(MATERIAL_LIMIT));
      return;
    }
    await saveSessionState(ctx.db, ctx.toolSession.session_id, { phase: 'collecting', material });
    await ctx.reply(texts.materialAdded(material.length, length), {
      reply_markup: interpretButton(),
    });
  });

  return session;
}

export async function introduce(ctx: ToolContext): Promise<void> {
  await saveSessionState(ctx.db, ctx.toolSession.session_id, { phase: 'collecting', material: [] });
  await ctx.reply(texts.intro);
}
