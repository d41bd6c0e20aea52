import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BotId } from '../bots';
import { type HarnessOptions, type ServiceHarness, startServiceHarness } from './service-harness';
import { savedChatStates } from './test-database';
import { textMessage } from './updates';

/**
 * What every AI tool bot (interpretator, conceptualizator, simulator) must do before a
 * session exists: send a stranger to the pro bot's launcher, write nothing for them, and
 * tell the pro bot its @username. The tools share createToolBot, so they share this suite.
 */
export function describeToolBot(options: {
  botId: BotId;
  buildApp: HarnessOptions['buildApp'];
  /** The tool's button label in pro, as the stranger is told to find it. */
  launcherLabel: string;
}): void {
  const { botId, buildApp, launcherLabel } = options;
  describe(`${botId} bot`, () => {
    let harness: ServiceHarness;
    const person = { id: 4242 };

    beforeAll(async () => {
      harness = await startServiceHarness({ botId, buildApp });
    });
    afterAll(() => harness.close());

    it('sends someone without a launch link to the pro bot, and writes no state', async () => {
      expect((await harness.deliver(textMessage(person, '/start'))).status).toBe(200);
      expect((await harness.deliver(textMessage(person, '/finish'))).status).toBe(200);
      expect(harness.telegram.textsSentTo(person.id)).toEqual([
        expect.stringContaining(`«🧰 Инструменты» → «${launcherLabel}»`),
        'Сессия не открыта.',
      ]);
      expect(await savedChatStates(harness.database.db)).toEqual([]);
    });

    it('publishes its username for the pro bot and reports itself healthy', async () => {
      // Once the service has become its bot's reply sender (its lease is taken at start).
    await harness.repliesSent();
    const response = await harness.app.inject({ method: 'GET', url: '/health' });
      expect(response.json()).toEqual({
        status: 'ok',
        version: '0.1.0',
        bot: botId,
        database: 'up',
        nats: 'not_configured',
        outbox_backlog: 0,
      reply_backlog: 0,
      reply_sender: 'active',
      });
      // Written in the background after start-up (getMe may be slow).
      await vi.waitFor(async () => {
        const directory = await harness.database.db
          .selectFrom('bot_directory')
          .selectAll()
          .execute();
        expect(directory.map((row) => [row.bot_id, row.username])).toEqual([
          [botId, 'psycheos_test_1000001_bot'],
        ]);
      });
    });
  });
}
