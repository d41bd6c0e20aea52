/**
 * The intake's questions, in the order they are asked. The specialist sees each step's
 * question (texts.intakeQuestions); the model sees the answers under `modelHeading`.
 */
export const INTAKE_STEPS = [
  { id: 'presenting', modelHeading: 'Актуальная проблема' },
  { id: 'history', modelHeading: 'История' },
  { id: 'triggers', modelHeading: 'Провоцирующие обстоятельства' },
  { id: 'maintaining', modelHeading: 'Поддерживающие факторы' },
  { id: 'strengths', modelHeading: 'Сильные стороны и ресурсы' },
  { id: 'goals', modelHeading: 'Цели' },
] as const;

export type IntakeStepId = (typeof INTAKE_STEPS)[number]['id'];

/**
 * An answer, or null for a question the specialist skipped: the common steps by their id,
 * a framework's own questions by `<framework>.<key>` (framework-questions.ts).
 */
export type IntakeAnswers = Partial<Record<IntakeStepId, string | null>> &
  Record<string, string | null | undefined>;

/** One answer's limit: a long session transcript belongs in the Интерпретатор. */
export const ANSWER_LIMIT = 6_000;

export const hasAnyAnswer = (answers: IntakeAnswers): boolean =>
  INTAKE_STEPS.some((step) => typeof answers[step.id] === 'string');

/**
 * The intake as the model reads it: every common step, then the framework questions
 * answered or skipped (`extra`, under their headings); a skipped one is said to be skipped.
 */
export function intakeForModel(
  answers: IntakeAnswers,
  extra: readonly { answerKey: string; heading: string }[] = [],
): string {
  return [
    ...INTAKE_STEPS.map((step) => ({ answerKey: step.id, heading: step.modelHeading })),
    ...extra,
  ]
    .map(({ answerKey, heading }) => {
      const answer = answers[answerKey];
      return `## ${heading}\n${typeof answer === 'string' ? answer : '(специалист пропустил этот вопрос)'}`;
    })
    .join('\n\n');
}
