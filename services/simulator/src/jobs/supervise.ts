import { dataBlock, resultReviewButtons, saveResult, saveSessionState } from '@psycheos/ai';
import { againButtonRow } from '../bot/keyboards';
import { readSimulation, simulationState } from '../bot/simulation-state';
import type { TrainerJob } from '../bot/trainer-context';
import { recordCtrsTool, scaleForModel } from '../ctrs/ctrs-tool';
import { ctrsHistory } from '../ctrs/progress';
import { readFeedback } from '../ctrs/read-feedback';
import { renderFeedback } from '../ctrs/render-feedback';
import { savedFeedback } from '../ctrs/saved-feedback';
import { loadTranscript, transcriptText } from '../ctrs/transcript';
import { CTRS_SCALE } from '../ctrs-scale';
import { personaForSupervisor } from '../persona/supervisor-view';
import { prompts } from '../prompts';
import { texts } from '../texts';

const RECORD_CTRS = recordCtrsTool(CTRS_SCALE);
/** The prompt and the scale's anchors: the same for every request, so it caches. */
const SYSTEM = `${prompts.supervision.text}\n\n${scaleForModel(CTRS_SCALE)}`;

/**
 * «⏹ Завершить»: the supervisor scores the role-play on the CTRS's 11 items (tool use),
 * against each item's anchors, after saying whether the transcript is a whole session or
 * a fragment. It reads the client's hidden model as a supervisor would (supervisor-view.ts),
 * not the role-player's card. Every score's quote is looked up in the transcript on the
 * server and the total summed (and, on a fragment, scaled) here; the feedback is kept as
 * the specialist's practice, in no case, with their earlier totals beside it. An answer
 * off the scale is shown as text, unscored, rather than lost.
 */
export const superviseJob: TrainerJob = {
  async prepare(run) {
    const simulation = readSimulation(run.session.state);
    const transcript = await loadTranscript(run.db, run.session);
    const persona =
      'persona' in simulation ? `${personaForSupervisor(simulation.persona)}\n\n` : '';
    return {
      system: SYSTEM,
      messages: [
        {
          role: 'user',
          content: `${persona}Стенограмма учебной сессии:\n\n${dataBlock('transcript', transcriptText(transcript))}`,
        },
      ],
      tools: [RECORD_CTRS],
      toolChoice: { type: 'tool', name: RECORD_CTRS.name },
      maxTokens: 5_000,
    };
  },

  preview({ text, toolInput }) {
    if (toolInput === undefined) return text;
    return renderFeedback(readFeedback(toolInput, [], CTRS_SCALE), CTRS_SCALE, {
      checked: false,
    });
  },

  async complete(run, output) {
    const simulation = readSimulation(run.session.state);
    const name = 'persona' in simulation ? simulation.persona.name : '—';
    const transcript = await loadTranscript(run.tx, run.session);
    const feedback = readFeedback(output.toolInput, transcript, CTRS_SCALE);
    const scored = output.toolInput !== undefined && feedback.scoredItems > 0;
    const earlier = (await ctrsHistory(run.tx, run.session.specialist_user_id)).map(
      (session) => session.total,
    );
    const markdown = scored
      ? renderFeedback(feedback, CTRS_SCALE, { checked: true, earlierTotals: earlier })
      : `${output.text.trim() || '—'}\n\n${texts.plainFeedbackNote}`;
    const result = await saveResult(run.tx, {
      // Practice with a fictional client: never a real client's case.
      contextId: null,
      sessionId: run.session.session_id,
      specialistUserId: run.session.specialist_user_id,
      botId: run.job.bot_id,
      kind: 'simulation',
      title: texts.resultTitle(name, scored ? feedback.total : null),
      body: markdown,
      structured: scored ? savedFeedback(name, feedback) : undefined,
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
