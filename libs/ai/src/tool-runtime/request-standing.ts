import type { BillingConfig } from '@psycheos/billing';
import { canStartAiRequest } from '@psycheos/billing';
import type { Database, ToolSession } from '@psycheos/db';
import type { Kysely } from 'kysely';

/** Why a queued request may no longer reach the model. */
export type WithdrawnReason =
  | 'specialist_inactive'
  | 'case_archived'
  | 'session_closed'
  | 'no_credits';

/**
 * Checks a request again when its job runs, not only when it was queued: between the two
 * the specialist may have been blocked, archived the case, ended the session, or spent the
 * last credits on an earlier answer. A request that no longer stands must not reach the
 * model, save a result to a closed session or an archived case, or spend credits. The
 * trainer's sessions have no case to be archived.
 */
export async function whyRequestWithdrawn(
  db: Kysely<Database>,
  billing: BillingConfig,
  session: ToolSession,
): Promise<WithdrawnReason | null> {
  const standing = await db
    .selectFrom('tool_sessions')
    .innerJoin('users', 'users.user_id', 'tool_sessions.specialist_user_id')
    .leftJoin('contexts', 'contexts.context_id', 'tool_sessions.context_id')
    .select([
      'users.role',
      'users.status as specialist_status',
      'tool_sessions.context_id',
      'contexts.status as case_status',
      'tool_sessions.finished_at',
    ])
    .where('tool_sessions.session_id', '=', session.session_id)
    .executeTakeFirst();
  if (!standing) return 'session_closed';
  if (standing.role !== 'specialist' || standing.specialist_status !== 'active') {
    return 'specialist_inactive';
  }
  if (standing.context_id !== null && standing.case_status !== 'active') return 'case_archived';
  if (standing.finished_at !== null) return 'session_closed';
  const hasCredits = await canStartAiRequest(db, billing, session.specialist_user_id);
  return hasCredits ? null : 'no_credits';
}
