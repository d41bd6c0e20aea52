import { saveSessionState } from '@psycheos/ai';
import { Composer, InlineKeyboard } from 'grammy';
import type { LibraryPersona } from '../persona/load-personas';
import { personaBrief } from '../persona/persona-card';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';
import { readyKeyboard } from './keyboards';
import { replyMarkdown } from './reply-markdown';
import { readSimulation, type Simulation, simulationState } from './simulation-state';
import type { TrainerContext } from './trainer-context';

/** A description longer than this is not a sketch of one client; it also bounds the prompt. */
export const DESCRIPTION_LIMIT = 4_000;

export const saveSimulation = (ctx: TrainerContext, simulation: Simulation) =>
  saveSessionState(ctx.db, ctx.toolSession.session_id, simulationState(simulation));

/** The library, each persona briefly (its cognitive model stays hidden), with a button each. */
export async function showLibrary(ctx: TrainerContext, library: readonly LibraryPersona[]) {
  const keyboard = new InlineKeyboard();
  for (const { id, persona } of library) {
    keyboard
      .text(texts.personaTitle(persona.name, persona.age), `${CALLBACK.personaPrefix}${id}`)
      .row();
  }
  keyboard.text(texts.buttons.describe, CALLBACK.describe);
  const briefs = library.map(({ persona }) => personaBrief(persona)).join('\n\n');
  await replyMarkdown(ctx, `${texts.libraryTitle}\n\n${briefs}`, keyboard);
}

/** Phases in which the specialist may still pick another persona. */
const isChoosing = (simulation: Simulation) =>
  simulation.phase === 'choosing' ||
  simulation.phase === 'describing' ||
  simulation.phase === 'ready';

/**
 * Choosing the client: a persona from the library (shown briefly, its cognitive model left
 * for the session to uncover), or one the specialist describes, which the model builds in
 * the same schema (jobs/build-persona.ts) and shows whole before the start.
 */
export function personaChoice(library: readonly LibraryPersona[]): Composer<TrainerContext> {
  const choice = new Composer<TrainerContext>();

  choice.callbackQuery(new RegExp(`^${CALLBACK.personaPrefix}([a-z0-9-]{1,32})$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!isChoosing(readSimulation(ctx.toolSession.state))) {
      await ctx.reply(texts.notNow);
      return;
    }
    const chosen = library.find((entry) => entry.id === ctx.match[1]);
    if (!chosen) {
      await ctx.reply(texts.unknownPersona);
      return;
    }
    await saveSimulation(ctx, { phase: 'ready', persona: chosen.persona });
    await replyMarkdown(
      ctx,
      [personaBrief(chosen.persona), texts.personaCard.hiddenModel, texts.readyHint].join('\n\n'),
      readyKeyboard(),
    );
  });

  choice.callbackQuery(CALLBACK.describe, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!isChoosing(readSimulation(ctx.toolSession.state))) {
      await ctx.reply(texts.notNow);
      return;
    }
    await saveSimulation(ctx, { phase: 'describing' });
    await ctx.reply(texts.describePrompt);
  });

  choice.callbackQuery(CALLBACK.library, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!isChoosing(readSimulation(ctx.toolSession.state))) {
      await ctx.reply(texts.notNow);
      return;
    }
    await saveSimulation(ctx, { phase: 'choosing' });
    await showLibrary(ctx, library);
  });

  choice.on('message', async (ctx, next) => {
    const simulation = readSimulation(ctx.toolSession.state);
    if (simulation.phase === 'building') {
      await ctx.reply(texts.waitForPersona);
      return;
    }
    if (simulation.phase === 'choosing' || simulation.phase === 'ready') {
      await ctx.reply(simulation.phase === 'ready' ? texts.readyHint : texts.chooseFirst);
      return;
    }
    if (simulation.phase !== 'describing') return next();
    const description = (ctx.message.text ?? ctx.message.caption ?? '').trim();
    if (!description) {
      await ctx.reply(texts.notText);
      return;
    }
    if (description.length > DESCRIPTION_LIMIT) {
      await ctx.reply(texts.descriptionTooLong(DESCRIPTION_LIMIT));
      return;
    }
    const jobId = await ctx.requestAi('build-persona', { description });
    if (jobId) await saveSimulation(ctx, { phase: 'building' });
  });

  return choice;
}
