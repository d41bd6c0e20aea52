import type { ToolSession } from '@psycheos/db';
import { completedIntake, readState } from '../bot/session-state';
import type { IntakeAnswers } from '../intake/intake-steps';

/**
 * The session's intake as a job reads it when it runs: the answers, and the case's
 * material if the specialist agreed to it. A session without an intake (a revision
 * asked from a later session) gives none.
 */
export function intakeOf(session: ToolSession): {
  answers: IntakeAnswers;
  caseContext: string | null;
} {
  const state = readState(session.state as Record<string, unknown>);
  const done = completedIntake(state);
  if (done) return done;
  return { answers: 'answers' in state ? state.answers : {}, caseContext: null };
}
