import { STALE_PLAN_MESSAGE } from './prepared-statements';

/**
 * Errors worth Telegram's retry: the database was unreachable, restarting, or rolled the
 * transaction back by itself (serialization failure, deadlock). A retry can succeed.
 * SQLSTATE classes 08 (connection), 40 (transaction rollback), 53 (resources), 57 (operator),
 * and a prepared statement gone stale under a migration (its connection is then dropped).
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code !== 'string') return false;
  if (/^(08|40|53|57)/.test(code)) return true;
  if (code === '0A000' && STALE_PLAN_MESSAGE.test(error.message)) return true;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code);
}

/** pg reports a dropped or timed-out connection as a plain Error with one of these messages. */
export function isConnectionLoss(error: unknown): boolean {
  return (
    error instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      error.message,
    )
  );
}
