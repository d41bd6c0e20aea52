import {
  type Specialist,
  startToolHarness,
  TEST_TERMS_VERSION,
  type ToolHarness,
} from '@psycheos/ai/testing';
import { buttonPress } from '@psycheos/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';

const MATERIAL = 'Клиентка рассказала, что перестала выходить из дома после увольнения.';
const ACCEPT_IN_PRO =
  /^📄 Чтобы пользоваться инструментом, примите актуальные условия.*PsycheOS Pro/s;

let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'interpretator', buildApp });
});
afterAll(() => tool.close());
beforeEach(() => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
});

const db = () => tool.service.database.db;

/** pro restarted with edited terms: it records their version as the one in force. */
const publishTerms = (version: string) =>
  db().updateTable('current_specialist_terms').set({ version }).execute();

const acceptTerms = (specialist: Specialist, version: string) =>
  db()
    .updateTable('users')
    .set({ terms_version: version, terms_accepted_at: new Date() })
    .where('user_id', '=', specialist.userId)
    .execute();

const textsTo = (specialist: Specialist) => tool.service.telegram.textsSentTo(specialist.id);

describe('Интерпретатор: the specialist’s terms', () => {
  it('sends a specialist on an older version of the terms to pro, and neither spends their link nor opens a session', async () => {
    const specialist = await tool.specialist();
    await acceptTerms(specialist, 'old0version0');
    await tool.openSession(specialist);
    await tool.service.repliesSent();
    expect(textsTo(specialist)).toEqual([expect.stringMatching(ACCEPT_IN_PRO)]);
    const link = await db()
      .selectFrom('launch_tokens')
      .select('used_at')
      .where('specialist_user_id', '=', specialist.userId)
      .executeTakeFirstOrThrow();
    expect(link.used_at).toBeNull();
    const sessions = await db()
      .selectFrom('tool_sessions')
      .select('session_id')
      .where('specialist_user_id', '=', specialist.userId)
      .execute();
    expect(sessions).toEqual([]);
  });

  it('refuses material and buttons in an open session once the terms change, sends nothing to the model, and goes on after they accept', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    await tool.say(specialist, MATERIAL);
    await tool.textsOnceThereAre(specialist.id, 4);
    tool.service.telegram.reset();

    await publishTerms('new0version0');
    await tool.say(specialist, 'Ещё материал.');
    expect((await tool.service.deliver(buttonPress(specialist, 'int:go'))).status).toBe(200);
    await tool.service.repliesSent();
    expect(textsTo(specialist)).toEqual([expect.stringMatching(ACCEPT_IN_PRO)]);
    const alert = tool.service.telegram.callsTo('answerCallbackQuery').at(-1)?.params;
    expect(alert).toMatchObject({ show_alert: true, text: expect.stringMatching(ACCEPT_IN_PRO) });
    expect(tool.anthropic.requests).toHaveLength(0);
    const jobs = await db()
      .selectFrom('ai_jobs')
      .select('job_id')
      .where('chat_id', '=', specialist.id)
      .execute();
    expect(jobs).toEqual([]);

    // Accepted in pro: the session is where it was.
    await acceptTerms(specialist, 'new0version0');
    await tool.say(specialist, 'Ещё материал.');
    const [answer] = await tool.textsOnceThereAre(specialist.id, 2).then((texts) => texts.slice(1));
    expect(answer).not.toMatch(ACCEPT_IN_PRO);
    await publishTerms(TEST_TERMS_VERSION);
  });

  it('refuses everyone while no version of the terms is recorded as in force', async () => {
    const specialist = await tool.specialist();
    await db().deleteFrom('current_specialist_terms').execute();
    await tool.openSession(specialist);
    await tool.service.repliesSent();
    expect(textsTo(specialist)).toEqual([expect.stringMatching(ACCEPT_IN_PRO)]);
  });
});
