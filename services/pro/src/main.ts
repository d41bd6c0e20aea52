import { runBotService } from '@psycheos/bot-runtime';
import { buildApp } from './app';

await runBotService('pro', buildApp);
