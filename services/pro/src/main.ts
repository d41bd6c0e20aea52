import { runBotService } from '@psycheos/shared';
import { buildApp } from './app';

await runBotService('pro', buildApp);
