import type { Framework, FrameworkQuestion } from '../conceptualization/framework';
import type { IntakeAnswers } from './intake-steps';

/** Where a framework question's answer is kept among the intake's answers. */
export const answerKey = (framework: Framework, question: FrameworkQuestion): string =>
  `${framework.id}.${question.key}`;

/** The framework's first question neither answered nor skipped, or null when none is left. */
export function nextFrameworkQuestion(framework: Framework, answers: IntakeAnswers): number | null {
  const index = framework.questions.findIndex(
    (question) => !(answerKey(framework, question) in answers),
  );
  return index === -1 ? null : index;
}

/**
 * The framework questions the intake holds an answer or a skip for, in every framework:
 * a family's composition given for the systemic one is still a fact about the case when
 * «🔄 Другой подход» picks another.
 */
export function frameworkAnswersFor(
  frameworks: readonly Framework[],
  answers: IntakeAnswers,
): { answerKey: string; heading: string }[] {
  return frameworks.flatMap((framework) =>
    framework.questions
      .map((question) => ({ answerKey: answerKey(framework, question), heading: question.heading }))
      .filter(({ answerKey }) => answerKey in answers),
  );
}

/** The keys a stored intake may hold besides the common steps' (reading state defensively). */
export const frameworkAnswerKeys = (frameworks: readonly Framework[]): string[] =>
  frameworks.flatMap((framework) =>
    framework.questions.map((question) => answerKey(framework, question)),
  );
