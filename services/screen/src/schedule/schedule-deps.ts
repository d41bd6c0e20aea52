import type { Database } from '@psycheos/db';
import type { Clock, Logger } from '@psycheos/platform';
import type { InstrumentCatalogue } from '@psycheos/screening';
import type { Kysely } from 'kysely';
import type { DaytimeWindow } from './daytime-window';

/** What the schedule's jobs run on; tests pass a clock of their own. */
export interface ScheduleDeps {
  db: Kysely<Database>;
  clock: Clock;
  window: DaytimeWindow;
  catalogue: InstrumentCatalogue;
  logger: Logger;
  /** SERVICE_OPERATOR_TEXT, or the default: named in the schedule's consent. */
  serviceOperator: string;
}
