import { type FakeAnthropic, startFakeAnthropic } from '@psycheos/ai/testing';
import { createLaunchToken } from '@psycheos/db';
import { buttonPress, freePort, startServiceProcess, textMessage } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useChaosFixture } from './fixture';

const SECRET = 'chaos-interpretator-secret-0123456789abcdef';
const SPECIALIST = 61_000_001;

/**
 * kill -9 of the Интерпретатор while the model is streaming an answer. The job was committed
 * with the press; the restarted service finds it held by a worker that no longer beats,
 * runs it again, and the specialist gets one final answer, with its usage recorded once.
 */
describe('chaos: the Интерпретатор killed with SIGKILL mid-answer', () => {
  const chaos = useChaosFixture();
  let anthropic: FakeAnthropic;
  beforeAll(async () => {
    anthropic = await startFakeAnthropic();
  });
  afterAll(() => anthropic.stop());

  const start = async (port: number) => {
    const running = await startServiceProcess({
      entry: 'services/interpretator/src/main.ts',
      env: {
        TG_TOKEN_INTERPRETATOR: '5000016:CHAOS-interpretator',
        TG_WEBHOOK_SECRET_INTERPRETATOR: SECRET,
        DATABASE_URL: chaos.url,
        TELEGRAM_API_ROOT: chaos.telegram.apiRoot,
        ANTHROPIC_API_KEY: 'sk-ant-chaos',
        ANTHROPIC_BASE_URL: anthropic.url,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      healthUrl: `http://127.0.0.1:${port}/health`,
    });
    chaos.processes.push(running);
    return running;
  };
  const post = async (port: number, update: unknown) => {
    const response = await fetch(`http://127.0.0.1:${port}/webhook/interpretator`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  };

  it('answers once after the restart', async () => {
    const user = await chaos.db
      .insertInto('users')
      .values({ telegram_id: SPECIALIST, role: 'specialist', username: null, full_name: null })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const theCase = await chaos.db
      .insertInto('contexts')
      .values({ specialist_user_id: user.user_id, client_ref: 'Кейс' })
      .returning('context_id')
      .executeTakeFirstOrThrow();
    const token = await createLaunchToken(chaos.db, {
      botId: 'interpretator',
      specialistUserId: user.user_id,
      contextId: theCase.context_id,
    });
    const specialist = { id: SPECIALIST };
    const input = {
      summary: 'Тревога.',
      hypotheses: [
        {
          title: 'Гипотеза',
          explanation: 'Пояснение. '.repeat(40),
          evidence: ['жду, что меня уволят'],
        },
      ],
      alternatives: [],
      questions: [],
      risks: [],
    };
    // The first life's answer streams for about eight seconds; the second life's is quick.
    anthropic.script([
      { toolUse: { name: 'record_interpretation', input }, chunkSize: 10, chunkDelayMs: 150 },
      { toolUse: { name: 'record_interpretation', input } },
    ]);

    const port = await freePort();
    const first = await start(port);
    expect(await post(port, textMessage(specialist, `/start ${token}`))).toBe(200);
    expect(
      await post(port, textMessage(specialist, 'Клиент: «я всё время жду, что меня уволят».')),
    ).toBe(200);
    expect(await post(port, buttonPress(specialist, 'int:go'))).toBe(200);
    // Killed once the answer is being shown.
    await vi.waitFor(
      () => expect(chaos.telegram.callsTo('sendMessageDraft').length).toBeGreaterThan(2),
      { timeout: 15_000 },
    );
    first.child.kill('SIGKILL');
    await first.exited;

    await start(port);
    const finals = () =>
      chaos.telegram
        .callsTo('sendMessage')
        .filter((call) => String(call.params.text).includes('Рабочие гипотезы'));
    // The dead worker is noticed within about 30 s of its last heartbeat.
    await vi.waitFor(() => expect(finals()).toHaveLength(1), { timeout: 60_000, interval: 200 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(finals()).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(2);
    const usage = await chaos.db.selectFrom('ai_usage').selectAll().execute();
    expect(usage).toHaveLength(1);
    const results = await chaos.db.selectFrom('ai_results').selectAll().execute();
    expect(results).toHaveLength(1);
  }, 90_000);
});
