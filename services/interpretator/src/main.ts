import { runBotService } from '@psycheos/bot-runtime';
import { buildApp } from './app';

await runBotService('interpretator', buildApp);
