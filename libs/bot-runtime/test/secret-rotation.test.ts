import { SECRET_HEADER } from '@psycheos/platform';
import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';

const PREVIOUS = 'the-secret-telegram-had-until-today-0123456789';

/**
 * A rotation: the service is given its new secret and keeps the previous one
 * (TG_WEBHOOK_SECRET_PRO_PREVIOUS) until Telegram has the new one (docs/OPERATIONS.md).
 */
describe('a bot service during a webhook secret rotation', () => {
  let harness: ServiceHarness;
  beforeAll(async () => {
    const bot = new Composer<PipelineContext>();
    bot.on('message', (ctx) => ctx.reply('ok'));
    harness = await startServiceHarness({
      botId: 'pro',
      buildApp: (deps: ServiceDeps) => buildBotServiceApp(deps, bot),
      env: { TG_WEBHOOK_SECRET_PRO_PREVIOUS: PREVIOUS },
    });
  });
  afterAll(() => harness.close());

  const post = async (secret: string, chatId: number) =>
    (
      await harness.app.inject({
        method: 'POST',
        url: '/webhook/pro',
        headers: { [SECRET_HEADER]: secret, 'content-type': 'application/json' },
        payload: JSON.stringify(textMessage({ id: chatId }, 'hi')),
      })
    ).statusCode;

  it('handles updates that come with the previous secret and with the new one', async () => {
    expect(await post(PREVIOUS, 601)).toBe(200);
    expect(await post(harness.secret, 602)).toBe(200);
  });

  it('still refuses any other secret', async () => {
    expect(await post('not-the-secret-of-this-bot-0123456789abcdef', 603)).toBe(403);
  });
});
