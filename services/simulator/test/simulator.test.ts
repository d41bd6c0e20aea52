import { describeToolBot } from '@psycheos/shared/testing';
import { buildApp } from '../src/app';

describeToolBot({ botId: 'simulator', buildApp, launcherLabel: 'Симулятор' });
