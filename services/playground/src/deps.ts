import type { LocalBotApi } from '@psycheos/local-bot-api';
import type { Logger } from '@psycheos/platform';
import type { PlaygroundConfig } from './config';
import type { PeopleStore } from './people-store';

/** What the playground's routes work with; main.ts makes the real ones, tests their own. */
export interface PlaygroundDeps {
  botApi: LocalBotApi;
  config: Pick<PlaygroundConfig, 'bots' | 'dashboardUrl' | 'adminId' | 'isAiConfigured'>;
  people: PeopleStore;
  logger: Logger;
  /** Stamps the Mini App launch data (auth_date). */
  clock: () => Date;
}
