import { appendTurn, conversationMessages, loadConversation } from '@psycheos/ai';
import { finishKeyboard } from '../bot/keyboards';
import { readSimulation } from '../bot/simulation-state';
import type { TrainerJob } from '../bot/trainer-context';
import { personaForModel, stayInCharacterReminder } from '../persona/persona-prompt';
import { prompts } from '../prompts';

const lineOf = (input: Record<string, unknown>): string =>
  typeof input.line === 'string' ? input.line : '';

/**
 * The client's answer to the therapist's line, in character: the role-play prompt and the
 * persona make the system prompt (cached), the session so far the conversation, and the
 * resistance is restated beside the newest line only (it is not stored).
 */
export const clientTurnJob: TrainerJob = {
  async prepare(run) {
    const simulation = readSimulation(run.session.state);
    const persona = 'persona' in simulation ? simulation.persona : null;
    const conversation = await loadConversation(run.db, run.session);
    const line = lineOf(run.job.input);
    return {
      system: persona
        ? `${prompts['client-roleplay'].text}\n\n${personaForModel(persona)}`
        : prompts['client-roleplay'].text,
      ...conversationMessages(
        conversation,
        persona ? `${line}\n\n${stayInCharacterReminder(persona)}` : line,
      ),
      maxTokens: 800,
    };
  },

  async complete(run, output) {
    const answer = output.text.trim() || '…';
    await appendTurn(run.tx, run.session, lineOf(run.job.input), answer);
    return { markdown: answer, replyMarkup: finishKeyboard() };
  },
};
