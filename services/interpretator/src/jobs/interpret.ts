import { type AiJobSpec, appendTurn, resultReviewButtons, saveResult } from '@psycheos/ai';
import { CALLBACK } from '../bot/callback-data';
import { materialText, readPhase } from '../bot/session-state';
import { RECORD_INTERPRETATION } from '../interpretation/interpretation-schema';
import { renderInterpretation } from '../interpretation/render-interpretation';
import { hasStructure, readInterpretation } from '../interpretation/verify-quotes';
import { prompts } from '../prompts';
import { texts } from '../texts';

/** How the material is put to the model: the case by a neutral word, never by its label. */
export const materialMessage = (material: string): string =>
  `Материал по случаю клиента, присланный специалистом:\n\n<material>\n${material}\n</material>`;

/**
 * The structured interpretation of the session's material. Every quote in the answer is
 * checked against the material on the server; an answer that ignores the structure is
 * shown as text rather than lost.
 */
export const interpretJob: AiJobSpec = {
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
    const markdown = structured
      ? renderInterpretation(interpretation)
      : `${output.text.trim() || '—'}\n\n${texts.plainAnswerNote}`;
    const result = await saveResult(run.tx, {
      contextId: run.session.context_id,
      sessionId: run.session.session_id,
      specialistUserId: run.session.specialist_user_id,
      botId: run.job.bot_id,
      kind: 'interpretation',
      title: 'Интерпретация материала',
      body: markdown,
      structured: structured ? { ...interpretation } : undefined,
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
};
