import { randomUUID } from 'node:crypto';
import type { AiJobSpec } from '@psycheos/ai';
import { saveResult } from '@psycheos/ai';
import { conceptualizationButtons } from '../bot/result-buttons';
import {
  conceptualizationTool,
  hasSections,
  RECORD_CONCEPTUALIZATION,
  readConceptualization,
} from '../conceptualization/conceptualization';
import type { Framework } from '../conceptualization/framework';
import { conceptualizationRequest } from '../conceptualization/model-input';
import { renderConceptualization } from '../conceptualization/render-conceptualization';
import { prompts } from '../prompts';
import { texts } from '../texts';
import { intakeOf } from './session-intake';

export const conceptualizationTitle = (framework: Framework) =>
  `Концептуализация (${framework.title})`;

/**
 * A conceptualization of the session's intake in one framework, asked as structured
 * output keyed by the framework's sections. It starts a series of versions
 * (revise-section.ts adds the next ones). An answer that ignores the structure is shown
 * as text, marked as a draft, and cannot be revised by section.
 */
export function conceptualizeJob(framework: Framework): AiJobSpec {
  return {
    async prepare(run) {
      const { answers, caseContext } = intakeOf(run.session);
      return {
        system: prompts.conceptualization.text,
        messages: [
          { role: 'user', content: conceptualizationRequest(answers, caseContext, framework) },
        ],
        tools: [conceptualizationTool(framework)],
        toolChoice: { type: 'tool', name: RECORD_CONCEPTUALIZATION },
        maxTokens: 6_000,
      };
    },

    preview({ text, toolInput }) {
      if (toolInput === undefined) return text;
      return renderConceptualization(readConceptualization(toolInput, framework), framework);
    },

    async complete(run, output) {
      const conceptualization = readConceptualization(output.toolInput, framework);
      const structured = output.toolInput !== undefined && hasSections(conceptualization);
      const markdown = structured
        ? renderConceptualization(conceptualization, framework, { final: true })
        : `${output.text.trim() || '—'}\n\n${texts.plainAnswerNote}`;
      const result = await saveResult(run.tx, {
        contextId: run.session.context_id,
        sessionId: run.session.session_id,
        specialistUserId: run.session.specialist_user_id,
        botId: run.job.bot_id,
        kind: 'conceptualization',
        title: conceptualizationTitle(framework),
        body: markdown,
        structured: structured ? { ...conceptualization } : undefined,
        promptVersion: prompts.conceptualization.version,
        model: output.usage.model,
        jobId: run.job.job_id,
        seriesId: structured ? randomUUID() : undefined,
      });
      return { markdown, replyMarkup: conceptualizationButtons(result.result_id, structured) };
    },
  };
}
