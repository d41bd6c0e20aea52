import { ConfigError, type ServiceDeps } from '@psycheos/shared';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadScreenSettings } from '../src/config';
import { texts } from '../src/texts';

describe('screen configuration', () => {
  it('sends the default crisis resources, naming 112 and 8-800-2000-122, when none is set', () => {
    const settings = loadScreenSettings({});
    expect(settings.crisisResources).toBe(texts.crisisResources);
    expect(settings.crisisResources).toContain('112');
    expect(settings.crisisResources).toContain('8-800-2000-122');
    expect(loadScreenSettings({ CRISIS_RESOURCES_TEXT: '  ' }).crisisResources).toBe(
      texts.crisisResources,
    );
  });

  it('takes a deployment’s own crisis text, \\n as line breaks', () => {
    const settings = loadScreenSettings({
      CRISIS_RESOURCES_TEXT: 'Москва: 051\\nУгроза жизни: 112',
    });
    expect(settings.crisisResources).toBe('Москва: 051\nУгроза жизни: 112');
  });

  it('refuses a crisis text without a phone number, so a typo cannot silence it', () => {
    expect(() => loadScreenSettings({ CRISIS_RESOURCES_TEXT: 'off' })).toThrow(
      'Invalid configuration: CRISIS_RESOURCES_TEXT must name at least one phone number',
    );
  });

  it('does not start with a questionnaire file that breaks the schema, saying which in one line', async () => {
    const broken = new URL('./fixtures/broken-instruments/', import.meta.url);
    // The data is checked before anything else is built: the service never listens.
    const build = () =>
      buildApp({} as ServiceDeps, {
        crisisResources: texts.crisisResources,
        instrumentsDir: broken,
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(
      /^Invalid configuration: screening instrument phq9\.json: items\.8\.crisis: crisis\.above must be below the highest answer \(3\)$/,
    );
  });
});
