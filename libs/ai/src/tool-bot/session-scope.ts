import type { LaunchScope, ToolSession } from '@psycheos/db';

/** A session opened for one case: a tool that works on a real client's material. */
export type CaseSession = ToolSession & { context_id: string };

/**
 * A session of the specialist's own practice, in no case: the Симулятор's trainer, whose
 * clients are fictional, so that nothing of it is kept in, or read as, a real client's case.
 */
export type PracticeSession = ToolSession & { context_id: null };

/**
 * Whether a session row is what its tool's scope says: a case tool's has its case, the
 * trainer's has none. The launch link decides it when the session opens; this is read
 * again wherever a row is handed to a tool as a CaseSession or a PracticeSession.
 */
export const fitsScope = (session: ToolSession, scope: LaunchScope): boolean =>
  scope === 'case' ? session.context_id !== null : session.context_id === null;
