import { type AiJobSpec, resultReviewButtons, saveResult, saveSessionState } from '@psycheos/ai';
import { againButtonRow } from '../bot/keyboards';
import { readSimulation, simulationState } from '../bot/simulation-state';
import { CTRS_MAX_TOTAL } from '../ctrs/ctrs-items';
import { RECORD_CTRS } from '../ctrs/ctrs-tool';
import { ctrsHistory } from '../ctrs/progress';
import { readFeedback } from '../ctrs/read-feedback';
import { renderFeedback } from '../ctrs/render-feedback';
import { loadTranscript, transcriptText } from '../ctrs/transcript';
import { personaForModel } from '../persona/persona-prompt';
import { prompts } from '../prompts';
import { texts } from '../texts';

/**
 * «⏹ Завершить»: the supervisor scores the role-play on the CTRS's 11 items (tool use).
 * Every score's quote is looked up in the transcript on the server and the total summed
 * here; the feedback is saved to the case with the specialist's earlier totals beside it.
 * An answer off the scale is shown as text, unscored, rather than lost.
 */
export const superviseJob: AiJobSpec = {
  async prepare(run) {
    const simulation = readSimulation(run.session.state);
    const transcript = await loadTranscript(run.db, run.session);
    const persona = 'persona' in simulation ? `${personaForModel(simulation.persona)}\n\n` : '';
    return {
      system: prompts.supervision.text,
      messages: [
        {
          role: 'user',
          content: `${persona}Стенограмма учебной сессии:\n\n<transcript>\n${transcriptText(transcript)}\n</transcript>`,
        },
      ],
      tools: [RECORD_CTRS],
      toolChoice: { type: 'tool', name: RECORD_CTRS.name },
      maxTokens: 5_000,
    };
  },

  preview({ text, toolInput }) {
    if (toolInput === undefined) return text;
    return renderFeedback(readFeedback(toolInput, []), { checked: false });
  },

  async complete(run, output) {
    const simulation = readSimulation(run.session.state);
    const name = 'persona' in simulation ? simulation.persona.name : '—';
    const transcript = await loadTranscript(run.tx, run.session);
    const feedback = readFeedback(output.toolInput, transcript);
    const scored = output.toolInput !== undefined && feedback.scoredItems > 0;
    const earlier = (await ctrsHistory(run.tx, run.session.specialist_user_id)).map(
      (session) => session.total,
    );
    const markdown = scored
      ? renderFeedback(feedback, { checked: true, earlierTotals: earlier })
      : `${output.text.trim() || '—'}\n\n${texts.plainFeedbackNote}`;
    const result = await saveResult(run.tx, {
      contextId: run.session.context_id,
      sessionId: run.session.session_id,
      specialistUserId: run.session.specialist_user_id,
      botId: run.job.bot_id,
      kind: 'simulation',
      title: texts.resultTitle(name, scored ? feedback.total : null),
      body: markdown,
      structured: scored
        ? {
            persona: name,
            items: feedback.items.map((item) => ({
              item: item.item,
              score: item.score,
              quote: item.quote,
              quote_found: item.quoteSpeaker !== null,
              quote_speaker: item.quoteSpeaker,
              rationale: item.rationale,
            })),
            total: feedback.total,
            scored_items: feedback.scoredItems,
            max_total: CTRS_MAX_TOTAL,
            worked: feedback.worked,
            to_try: feedback.toTry,
          }
        : undefined,
      promptVersion: prompts.supervision.version,
      model: output.usage.model,
      jobId: run.job.job_id,
    });
    if ('persona' in simulation) {
      await saveSessionState(
        run.tx,
        run.session.session_id,
        simulationState({ phase: 'scored', persona: simulation.persona }),
      );
    }
    return {
      markdown,
      replyMarkup: {
        inline_keyboard: [...resultReviewButtons(result.result_id), againButtonRow()],
      },
    };
  },
};
