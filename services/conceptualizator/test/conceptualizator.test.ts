import { describeToolBot } from '@psycheos/shared/testing';
import { buildApp } from '../src/app';

describeToolBot({ botId: 'conceptualizator', buildApp, launcherLabel: 'Концептуализатор' });
