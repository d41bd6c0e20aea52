import { startNewTopic } from '@psycheos/ai';
import { Composer } from 'grammy';
import type { LibraryPersona } from '../persona/load-personas';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';
import { finishKeyboard } from './keyboards';
import { saveSimulation, showLibrary } from './persona-choice';
import { readSimulation } from './simulation-state';
import type { TrainerContext } from './trainer-context';

/** A therapist's line longer than this is not a line of a session; it also bounds the prompt. */
export const LINE_LIMIT = 2_000;
/**
 * The therapist's lines in one simulation: a 50-minute session has far fewer, and the
 * whole transcript must fit the supervisor's request and the role-play's window.
 */
export const TURN_LIMIT = 60;

/**
 * The role-play: «▶️ Начать сессию», then every message is the therapist's line and the
 * model answers as the client (jobs/client-turn.ts); «⏹ Завершить» ends it and asks the
 * supervisor for the CTRS score (jobs/supervise.ts); «🎭 Новая симуляция» starts again
 * with a clean conversation.
 */
export function rolePlay(library: readonly LibraryPersona[]): Composer<TrainerContext> {
  const play = new Composer<TrainerContext>();

  play.callbackQuery(CALLBACK.start, async (ctx) => {
    await ctx.answerCallbackQuery();
    const simulation = readSimulation(ctx.toolSession.state);
    if (simulation.phase !== 'ready') {
      await ctx.reply(texts.notNow);
      return;
    }
    await saveSimulation(ctx, { phase: 'playing', persona: simulation.persona, turns: 0 });
    await ctx.reply(texts.started(simulation.persona.name), { reply_markup: finishKeyboard() });
  });

  play.callbackQuery(CALLBACK.finish, async (ctx) => {
    await ctx.answerCallbackQuery();
    const simulation = readSimulation(ctx.toolSession.state);
    if (simulation.phase !== 'playing') {
      await ctx.reply(texts.notNow);
      return;
    }
    if (simulation.turns === 0) {
      await ctx.reply(texts.nothingToScore);
      return;
    }
    const jobId = await ctx.requestAi('supervise', {});
    if (!jobId) return;
    await saveSimulation(ctx, { phase: 'scoring', persona: simulation.persona });
    await ctx.reply(texts.scoring);
  });

  play.callbackQuery(CALLBACK.again, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (readSimulation(ctx.toolSession.state).phase !== 'scored') {
      await ctx.reply(texts.notNow);
      return;
    }
    await startNewTopic(ctx.db, ctx.toolSession.session_id);
    await saveSimulation(ctx, { phase: 'choosing' });
    await showLibrary(ctx, library);
  });

  play.on('message', async (ctx) => {
    const simulation = readSimulation(ctx.toolSession.state);
    if (simulation.phase === 'scoring') {
      await ctx.reply(texts.waitForScore);
      return;
    }
    if (simulation.phase !== 'playing') {
      await ctx.reply(texts.afterScore);
      return;
    }
    const line = (ctx.message.text ?? ctx.message.caption ?? '').trim();
    if (!line) {
      await ctx.reply(texts.notText);
      return;
    }
    if (line.length > LINE_LIMIT) {
      await ctx.reply(texts.lineTooLong(LINE_LIMIT));
      return;
    }
    if (simulation.turns >= TURN_LIMIT) {
      await ctx.reply(texts.turnLimitReached(TURN_LIMIT), { reply_markup: finishKeyboard() });
      return;
    }
    const jobId = await ctx.requestAi('client-turn', { line });
    if (!jobId) return;
    await saveSimulation(ctx, { ...simulation, turns: simulation.turns + 1 });
  });

  return play;
}
