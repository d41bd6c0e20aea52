import { frameworks } from '../frameworks';
import { frameworkAnswerKeys } from '../intake/framework-questions';
import { INTAKE_STEPS, type IntakeAnswers } from '../intake/intake-steps';

/**
 * Where a Концептуализатор session is. The intake's answers wait in the session's state
 * (deleted with the session, the case or the account); a later session of the same case
 * may take them over (resume.ts).
 * - resume_offer: an unfinished intake of the case's previous session is offered.
 * - intake: question `step` is on screen.
 * - context_offer: what the case already holds is shown (`offered`, exactly as the model
 *   would read it); the specialist says whether to use it.
 * - framework: the intake is done; the specialist picks a framework.
 * - framework_intake: a framework was picked; its own question `question` is on screen.
 * - conceptualized: a conceptualization was asked for; another framework or a revision may follow.
 * - revising: the specialist is typing what to change in one section of a result.
 */
export type ConceptState =
  | { phase: 'resume_offer'; resumeFrom: string }
  | { phase: 'intake'; step: number; answers: IntakeAnswers }
  | { phase: 'context_offer'; answers: IntakeAnswers; offered: string }
  | { phase: 'framework'; answers: IntakeAnswers; caseContext: string | null }
  | {
      phase: 'framework_intake';
      answers: IntakeAnswers;
      caseContext: string | null;
      frameworkId: string;
      question: number;
    }
  | { phase: 'conceptualized'; answers: IntakeAnswers; caseContext: string | null }
  | {
      phase: 'revising';
      answers: IntakeAnswers;
      caseContext: string | null;
      resultId: string;
      sectionKey: string;
    };

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function readAnswers(value: unknown): IntakeAnswers {
  const source =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const answers: IntakeAnswers = {};
  for (const key of [...INTAKE_STEPS.map((step) => step.id), ...ANSWER_KEYS]) {
    if (typeof source[key] === 'string') answers[key] = source[key] as string;
    else if (source[key] === null) answers[key] = null;
  }
  return answers;
}

const ANSWER_KEYS = frameworkAnswerKeys(frameworks);

/** The session's state as stored, read defensively: anything unknown starts the intake. */
export function readState(state: Record<string, unknown>): ConceptState {
  const answers = readAnswers(state.answers);
  const caseContext = text(state.caseContext);
  switch (state.phase) {
    case 'resume_offer':
      if (typeof state.resumeFrom === 'string')
        return { phase: 'resume_offer', resumeFrom: state.resumeFrom };
      break;
    case 'context_offer':
      return { phase: 'context_offer', answers, offered: text(state.offered) ?? '' };
    case 'framework':
    case 'conceptualized':
      return { phase: state.phase, answers, caseContext };
    case 'framework_intake':
      if (typeof state.frameworkId === 'string' && typeof state.question === 'number')
        return {
          phase: 'framework_intake',
          answers,
          caseContext,
          frameworkId: state.frameworkId,
          question: state.question,
        };
      return { phase: 'framework', answers, caseContext };
    case 'revising':
      if (typeof state.resultId === 'string' && typeof state.sectionKey === 'string')
        return {
          phase: 'revising',
          answers,
          caseContext,
          resultId: state.resultId,
          sectionKey: state.sectionKey,
        };
      return { phase: 'conceptualized', answers, caseContext };
  }
  const step = typeof state.step === 'number' ? state.step : 0;
  return {
    phase: 'intake',
    step: Math.min(Math.max(0, Math.trunc(step)), INTAKE_STEPS.length - 1),
    answers,
  };
}

/**
 * The answers of an intake that was started and led to no conceptualization yet (still
 * in its questions, or done and waiting for the context or the framework): what a later
 * session of the case offers to resume. Null when there is nothing to resume.
 */
export function unfinishedIntake(state: ConceptState): IntakeAnswers | null {
  const unfinished = ['intake', 'context_offer', 'framework', 'framework_intake'];
  if (!unfinished.includes(state.phase) || !('answers' in state)) return null;
  return Object.keys(state.answers).length > 0 ? state.answers : null;
}

/**
 * The intake and the case context the specialist allowed, once the intake is done (a
 * framework on offer or picked, a conceptualization asked for or being revised); null
 * before that.
 */
export function completedIntake(
  state: ConceptState,
): { answers: IntakeAnswers; caseContext: string | null } | null {
  switch (state.phase) {
    case 'framework':
    case 'framework_intake':
    case 'conceptualized':
    case 'revising':
      return { answers: state.answers, caseContext: state.caseContext };
    default:
      return null;
  }
}

/** The first question neither answered nor skipped, or null when the intake is complete. */
export function nextOpenStep(answers: IntakeAnswers, from = 0): number | null {
  for (let step = from; step < INTAKE_STEPS.length; step++) {
    const id = INTAKE_STEPS[step]?.id;
    if (id && !(id in answers)) return step;
  }
  return null;
}
