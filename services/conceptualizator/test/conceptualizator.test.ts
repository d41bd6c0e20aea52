import { describeToolBot } from '@psycheos/ai/testing';
import { buildApp } from '../src/app';

describeToolBot({ botId: 'conceptualizator', buildApp, launcherLabel: 'Концептуализатор' });
