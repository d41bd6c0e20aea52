import {
  type AiJobSpec,
  appendTurn,
  condenseIfNeeded,
  conversationMessages,
  loadConversation,
} from '@psycheos/ai';
import { CALLBACK } from '../bot/callback-data';
import { prompts } from '../prompts';
import { texts } from '../texts';

/** A conversation longer than this is condensed into a running summary before the next question. */
export const CONVERSATION_BUDGET_TOKENS = 30_000;

const questionOf = (input: Record<string, unknown>): string =>
  typeof input.question === 'string' ? input.question : '';

/** A follow-up question about the interpretation, in the same conversation, answered as text. */
export const followUpJob: AiJobSpec = {
  async prepare(run) {
    await condenseIfNeeded(run, { budgetTokens: CONVERSATION_BUDGET_TOKENS });
    const conversation = await loadConversation(run.db, run.session);
    return {
      system: prompts['follow-up'].text,
      ...conversationMessages(conversation, questionOf(run.job.input)),
      maxTokens: 2_000,
    };
  },

  async complete(run, output) {
    const answer = output.text.trim() || '—';
    await appendTurn(run.tx, run.session, questionOf(run.job.input), answer);
    return {
      markdown: answer,
      replyMarkup: {
        inline_keyboard: [[{ text: texts.buttons.newTopic, callback_data: CALLBACK.newTopic }]],
      },
    };
  },
};
