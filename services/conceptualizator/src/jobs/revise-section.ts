import { type AiJobSpec, saveResult } from '@psycheos/ai';
import type { AiResult, Database, ToolSession } from '@psycheos/db';
import type { Kysely } from 'kysely';
import { conceptualizationButtons } from '../bot/result-buttons';
import {
  type Conceptualization,
  RECORD_SECTION,
  readConceptualization,
  SECTION_TOOL,
} from '../conceptualization/conceptualization';
import type { Framework, FrameworkSection } from '../conceptualization/framework';
import { conceptualizationForModel, revisionRequest } from '../conceptualization/model-input';
import { renderConceptualization } from '../conceptualization/render-conceptualization';
import { prompts } from '../prompts';
import { texts } from '../texts';
import { conceptualizationTitle } from './conceptualize';
import { intakeOf } from './session-intake';

const textOf = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * The latest version of the series the named result belongs to, if the result is of the
 * session's case and specialist: a revision always builds on the saved (latest) version,
 * whichever version's button was pressed.
 */
async function latestVersion(
  db: Kysely<Database>,
  session: ToolSession,
  resultId: string,
): Promise<Pick<AiResult, 'result_id' | 'series_id' | 'version' | 'structured'> | undefined> {
  return db
    .selectFrom('ai_results')
    .select(['result_id', 'series_id', 'version', 'structured'])
    .where('series_id', '=', (eb) =>
      eb
        .selectFrom('ai_results')
        .select('series_id')
        .where('result_id', '=', resultId)
        .where('context_id', '=', session.context_id)
        .where('specialist_user_id', '=', session.specialist_user_id),
    )
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * One section of a conceptualization rewritten as the specialist asked: the model answers
 * with that section only (tool use), the server puts it into the latest version, and the
 * result is saved as the next version of the series; earlier versions stay as they were.
 */
export function reviseSectionJob(framework: Framework): AiJobSpec {
  const sectionOf = (input: Record<string, unknown>) =>
    framework.sections.find((section) => section.key === input.sectionKey);

  return {
    async prepare(run) {
      const latest = await latestVersion(run.db, run.session, textOf(run.job.input.resultId));
      const current = latest
        ? conceptualizationForModel(readConceptualization(latest.structured, framework), framework)
        : '';
      // A section gone from the framework's file since: complete() says the result is not found.
      const section = sectionOf(run.job.input) ?? (framework.sections[0] as FrameworkSection);
      const { answers, caseContext } = intakeOf(run.session);
      return {
        system: prompts.revision.text,
        messages: [
          {
            role: 'user',
            content: revisionRequest({
              answers,
              caseContext,
              framework,
              current,
              section,
              instruction: textOf(run.job.input.instruction),
            }),
          },
        ],
        tools: [SECTION_TOOL],
        toolChoice: { type: 'tool', name: RECORD_SECTION },
        maxTokens: 3_000,
      };
    },

    preview({ text, toolInput }) {
      if (toolInput === undefined) return text;
      return textOf((toolInput as Record<string, unknown> | null)?.content);
    },

    async complete(run, output) {
      // Read again in the answer's transaction: the version this one follows.
      const latest = await latestVersion(run.tx, run.session, textOf(run.job.input.resultId));
      const section = sectionOf(run.job.input);
      if (!latest?.series_id || !section) return { markdown: texts.resultNotFound };
      const content =
        textOf((output.toolInput as Record<string, unknown> | undefined)?.content) ||
        output.text.trim();
      if (!content) {
        return {
          markdown: texts.emptyRevision,
          replyMarkup: conceptualizationButtons(latest.result_id, true),
        };
      }
      const previous = readConceptualization(latest.structured, framework);
      const revised: Conceptualization = {
        ...previous,
        sections: { ...previous.sections, [section.key]: content },
      };
      const version = latest.version + 1;
      const markdown = `${renderConceptualization(revised, framework, { version, final: true })}\n\n${texts.revisedNote(section.title)}`;
      const result = await saveResult(run.tx, {
        contextId: run.session.context_id,
        sessionId: run.session.session_id,
        specialistUserId: run.session.specialist_user_id,
        botId: run.job.bot_id,
        kind: 'conceptualization',
        title: conceptualizationTitle(framework),
        body: markdown,
        structured: { ...revised },
        promptVersion: prompts.revision.version,
        model: output.usage.model,
        jobId: run.job.job_id,
        seriesId: latest.series_id,
      });
      return { markdown, replyMarkup: conceptualizationButtons(result.result_id, true) };
    },
  };
}
