import type { ServiceDeps } from '@psycheos/bot-runtime';
import { ConfigError } from '@psycheos/platform';
import { startServiceHarness } from '@psycheos/testkit';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { DEFAULT_DAYTIME, loadScreenSettings } from '../src/config';
import { texts } from '../src/texts';

describe('screen configuration', () => {
  it('sends the default crisis resources when none is set: 112, and the free helpline named for whom it is', () => {
    const settings = loadScreenSettings({});
    expect(settings.crisisResources).toBe(texts.crisisResources);
    expect(settings.crisisResources).toContain('112');
    expect(settings.crisisResources).toContain(
      'Телефон доверия для детей, подростков и их родителей: +7 800 2000-122',
    );
    expect(loadScreenSettings({ CRISIS_RESOURCES_TEXT: '  ' }).crisisResources).toBe(
      texts.crisisResources,
    );
  });

  it('writes the helpline in international form, the one Telegram makes tappable', () => {
    // «8-800-…» is linked by some phones and not others; «+7 800 …» by all of them.
    expect(texts.crisisResources).not.toMatch(/8-800/);
    expect(texts.crisisResources).toMatch(/\+7 800 2000-122/);
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

  it('sends scheduled questionnaires from 10:00 to 20:00 Moscow time unless told otherwise', () => {
    expect(loadScreenSettings({}).daytime).toEqual({
      timeZone: 'Europe/Moscow',
      hours: { from: 10, to: 20 },
    });
    expect(
      loadScreenSettings({ SCREENING_TIME_ZONE: 'Asia/Yekaterinburg', SCREENING_HOURS: '9-21' })
        .daytime,
    ).toEqual({ timeZone: 'Asia/Yekaterinburg', hours: { from: 9, to: 21 } });
    expect(loadScreenSettings({ SCREENING_HOURS: '0-24' }).daytime.hours).toEqual({
      from: 0,
      to: 24,
    });
  });

  it('refuses daytime hours and a time zone it cannot read, each in one clear line', () => {
    for (const hours of ['20-10', '10', '10-25', 'днём', '10:00-20:00']) {
      expect(() => loadScreenSettings({ SCREENING_HOURS: hours })).toThrow(
        'Invalid configuration: SCREENING_HOURS must be the opening and closing hour as from-to, e.g. 10-20 (0-24: any time)',
      );
    }
    expect(() => loadScreenSettings({ SCREENING_TIME_ZONE: 'Moscow' })).toThrow(
      'Invalid configuration: SCREENING_TIME_ZONE must be an IANA time zone, e.g. Europe/Moscow or Asia/Yekaterinburg',
    );
  });

  it('does not start with a questionnaire file that breaks the schema, saying which in one line', async () => {
    const broken = new URL('./fixtures/broken-instruments/', import.meta.url);
    // The data is checked before anything else is built: the service never listens.
    const build = () =>
      buildApp({} as ServiceDeps, {
        crisisResources: texts.crisisResources,
        serviceOperator: texts.unnamedOperator,
        daytime: DEFAULT_DAYTIME,
        instrumentsDir: broken,
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(
      /^Invalid configuration: screening instrument phq9\.json: items\.8\.crisis: crisis\.above must be below the highest answer \(3\)$/,
    );
  });

  describe('at start', () => {
    const crisisWarnings = (lines: string[]) =>
      lines
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((record) => record.msg.includes('CRISIS_RESOURCES_TEXT'));

    it('warns the operator in one line to set an adult or regional line while the default is used', async () => {
      const harness = await startServiceHarness({ botId: 'screen', buildApp });
      try {
        const warnings = crisisWarnings(harness.logLines);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.level).toBe(40);
        expect(warnings[0]?.msg).toMatch(/CRISIS_RESOURCES_TEXT is not set/);
        expect(warnings[0]?.msg).toMatch(
          /set CRISIS_RESOURCES_TEXT to a text naming an adult or regional crisis line/,
        );
      } finally {
        await harness.close();
      }
    });

    const operatorWarnings = (lines: string[]) =>
      lines
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((record) => record.msg.includes('SERVICE_OPERATOR_TEXT'));

    it('warns the operator in one line to name themselves while the consent names no operator', async () => {
      const harness = await startServiceHarness({ botId: 'screen', buildApp });
      try {
        const warnings = operatorWarnings(harness.logLines);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.level).toBe(40);
        expect(warnings[0]?.msg).toMatch(/^SERVICE_OPERATOR_TEXT is not set: /);
      } finally {
        await harness.close();
      }
    });

    it('says nothing of the operator once SERVICE_OPERATOR_TEXT names one', async () => {
      const settings = loadScreenSettings({
        SERVICE_OPERATOR_TEXT: 'ООО «Пример», privacy@example.ru',
      });
      expect(settings.serviceOperator).toBe('ООО «Пример», privacy@example.ru');
      const harness = await startServiceHarness({
        botId: 'screen',
        buildApp: (deps) => buildApp(deps, settings),
      });
      try {
        expect(operatorWarnings(harness.logLines)).toEqual([]);
      } finally {
        await harness.close();
      }
    });

    it('says nothing of it when the deployment names its own line', async () => {
      const settings = loadScreenSettings({
        CRISIS_RESOURCES_TEXT: 'Москва: 051 (с мобильного +7 495 051)\\nУгроза жизни: 112',
      });
      const harness = await startServiceHarness({
        botId: 'screen',
        buildApp: (deps) => buildApp(deps, settings),
      });
      try {
        expect(crisisWarnings(harness.logLines)).toEqual([]);
      } finally {
        await harness.close();
      }
    });
  });
});
