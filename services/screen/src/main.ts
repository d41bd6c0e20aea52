import { runBotService } from '@psycheos/bot-runtime';
import { buildApp } from './app';
import { loadScreenSettings } from './config';

// The settings are read inside runBotService's start, so a bad one ends it with one line.
await runBotService('screen', (deps) => buildApp(deps, loadScreenSettings(process.env)));
