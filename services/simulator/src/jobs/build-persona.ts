import { dataBlock, saveSessionState } from '@psycheos/ai';
import { readyKeyboard } from '../bot/keyboards';
import { simulationState } from '../bot/simulation-state';
import type { TrainerJob } from '../bot/trainer-context';
import { withAbsoluteCoreBeliefs } from '../persona/absolute-core-beliefs';
import { personaCard } from '../persona/persona-card';
import { checkPersona } from '../persona/persona-schema';
import { RECORD_PERSONA } from '../persona/persona-tool';
import { prompts } from '../prompts';
import { texts } from '../texts';

const descriptionOf = (input: Record<string, unknown>): string =>
  typeof input.description === 'string' ? input.description : '';

/**
 * «Описать своего»: the model builds a persona in the library's schema from the
 * specialist's description (tool use). It is checked like a library file, its core beliefs
 * kept absolute (absolute-core-beliefs.ts), and shown whole before the start; an answer off
 * the schema, or with no absolute core belief, asks for the description again.
 */
export const buildPersonaJob: TrainerJob = {
  async prepare(run) {
    return {
      system: prompts['persona-builder'].text,
      messages: [
        {
          role: 'user',
          content: `Описание клиента от специалиста:\n\n${dataBlock('description', descriptionOf(run.job.input))}`,
        },
      ],
      tools: [RECORD_PERSONA],
      toolChoice: { type: 'tool', name: RECORD_PERSONA.name },
      maxTokens: 3_000,
    };
  },

  preview: () => texts.buildingPersona,

  async complete(run, output) {
    const check = checkPersona(output.toolInput);
    const persona = check.ok ? withAbsoluteCoreBeliefs(check.persona) : null;
    if (!persona) {
      await saveSessionState(run.tx, run.session.session_id, { phase: 'describing' });
      return { markdown: texts.personaBuildFailed };
    }
    await saveSessionState(
      run.tx,
      run.session.session_id,
      simulationState({ phase: 'ready', persona }),
    );
    return {
      markdown: `${personaCard(persona)}\n\n${texts.readyHint}`,
      replyMarkup: readyKeyboard(),
    };
  },
};
