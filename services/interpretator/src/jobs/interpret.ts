import {
  type AiJobSpec,
  appendTurn,
  dataBlock,
  resultReviewButtons,
  saveResult,
} from '@psycheos/ai';
import type { CrisisLanguage } from '@psycheos/screening/crisis';
import { CALLBACK } from '../bot/callback-data';
import { materialText, readPhase } from '../bot/session-state';
import { crisisFlag, findCrisisPhrases } from '../interpretation/crisis-flag';
import { RECORD_INTERPRETATION } from '../interpretation/interpretation-schema';
import { renderInterpretation } from '../interpretation/render-interpretation';
import { hasStructure, readInterpretation } from '../interpretation/verify-quotes';
import { prompts } from '../prompts';
import { texts } from '../texts';

/**
 * How the material is put to the model: the case by a neutral word, never by its label,
 * and the material as data (a data block), which nothing in it can turn into instructions.
 */
export const materialMessage = (material: string): string =>
  `Материал по случаю клиента, присланный специалистом:\n\n${dataBlock('material', material)}`;

/**
 * The structured interpretation of the session's material. Every quote in the answer is
 * checked against the material on the server, and the material is run through the crisis
 * phrase list there too (crisis-flag.ts); an answer that ignores the structure is shown as
 * text rather than lost, under the same flag.
 */
export const interpretJob = (crisisLanguage: CrisisLanguage): AiJobSpec => ({
  async prepare(run) {
    const material = materialText(readPhase(run.session.state).material);
    return {
      system: prompts.interpretation.text,
      messages: [{ role: 'user', content: materialMessage(material) }],
      tools: [RECORD_INTERPRETATION],
      toolChoice: { type: 'tool', name: RECORD_INTERPRETATION.name },
      maxTokens: 4_000,
    };
  },

  preview({ text, toolInput }) {
    if (toolInput === undefined) return text;
    return renderInterpretation(readInterpretation(toolInput, ''), false);
  },

  async complete(run, output) {
    const material = materialText(readPhase(run.session.state).material);
    const interpretation = readInterpretation(output.toolInput, material);
    const structured = output.toolInput !== undefined && hasStructure(interpretation);
    const crisisPhrases = findCrisisPhrases(crisisLanguage, material);
    const answer = structured
      ? renderInterpretation(interpretation)
      : `${output.text.trim() || '—'}\n\n${texts.plainAnswerNote}`;
    const markdown = [crisisFlag(crisisPhrases), answer].filter(Boolean).join('\n\n');
    const result = await saveResult(run.tx, {
      contextId: run.session.context_id,
      sessionId: run.session.session_id,
      specialistUserId: run.session.specialist_user_id,
      botId: run.job.bot_id,
      kind: 'interpretation',
      title: 'Интерпретация материала',
      body: markdown,
      structured: structured ? { ...interpretation, crisis_phrases: crisisPhrases } : undefined,
      promptVersion: prompts.interpretation.version,
      model: output.usage.model,
      jobId: run.job.job_id,
    });
    // The conversation the follow-ups continue: the material, and the answer as shown.
    await appendTurn(run.tx, run.session, materialMessage(material), markdown);
    return {
      markdown,
      replyMarkup: {
        inline_keyboard: [
          ...resultReviewButtons(result.result_id),
          [{ text: texts.buttons.newTopic, callback_data: CALLBACK.newTopic }],
        ],
      },
    };
  },
});
