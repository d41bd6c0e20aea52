/**
 * Why a local PostgreSQL could not start, in one line that ends with what to do. Whoever
 * starts it prints the message as it is: no stack trace, since the remedy is the operator's.
 */
export class PostgresStartError extends Error {
  constructor(problem: string, remedy: string) {
    super(`${problem}: ${remedy}`);
    this.name = 'PostgresStartError';
  }
}

/** What to do when nothing else helps: bring a PostgreSQL of one's own. */
export const OWN_DATABASE = 'or set DATABASE_URL to a PostgreSQL of your own';
