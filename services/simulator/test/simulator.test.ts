import { describeToolBot } from '@psycheos/ai/testing';
import { buildApp } from '../src/app';

describeToolBot({ botId: 'simulator', buildApp, launcherLabel: '🎓 Тренажёр' });
