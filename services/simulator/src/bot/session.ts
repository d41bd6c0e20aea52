import { Composer } from 'grammy';
import type { LibraryPersona } from '../persona/load-personas';
import { texts } from '../texts';
import { personaChoice, saveSimulation, showLibrary } from './persona-choice';
import { progressCommand } from './progress';
import { rolePlay } from './role-play';
import type { TrainerContext } from './trainer-context';

/** A Симулятор session: /progress at any time, choosing the client, then the role-play. */
export function simulatorSession(library: readonly LibraryPersona[]): Composer<TrainerContext> {
  return new Composer<TrainerContext>(progressCommand(), personaChoice(library), rolePlay(library));
}

/** The session's first message: what the tool does, and the library to choose from. */
export const introduce =
  (library: readonly LibraryPersona[]) =>
  async (ctx: TrainerContext): Promise<void> => {
    await saveSimulation(ctx, { phase: 'choosing' });
    await ctx.reply(texts.intro);
    await showLibrary(ctx, library);
  };
