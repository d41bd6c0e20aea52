import { startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import {
  finishWithScore,
  openedSimulator,
  playedTwoLinesWithAnna,
  repliesTo,
  resultsOf,
} from './simulation-helpers';

let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'simulator', buildApp });
});
afterAll(() => tool.close());
beforeEach(() => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
});

const db = () => tool.service.database.db;

/** Every row the trainer keeps for the specialist, with the case it names (if any). */
async function trainerRows(userId: string) {
  const rows = await sql<{ source: string; context_id: string | null }>`
    select 'launch_tokens' as source, context_id from launch_tokens where specialist_user_id = ${userId}
    union all select 'tool_sessions', context_id from tool_sessions where specialist_user_id = ${userId}
    union all select 'ai_results', context_id from ai_results where specialist_user_id = ${userId}
    union all select 'ai_usage', context_id from ai_usage where specialist_user_id = ${userId}
    union all select 'bot_chat_state', context_id from bot_chat_state
      where bot_id = 'simulator' and telegram_user_id = (select telegram_id from users where user_id = ${userId})
  `.execute(db());
  return rows.rows;
}

describe('Симулятор: the specialist’s trainer, in no case', () => {
  it('opens with a link bound to the specialist alone and keeps the session, the score and its usage in no case', async () => {
    const specialist = await tool.specialist();
    const [opened] = await repliesTo(tool, specialist, 4, () => tool.openSession(specialist));
    expect(opened).toMatch(
      /^Симулятор открыт как тренажёр\. Тренировки не связаны ни с одним кейсом/,
    );
    expect(opened).not.toContain(specialist.caseLabel);

    const played = await playedTwoLinesWithAnna(tool);
    await finishWithScore(tool, played, 3);

    const rows = await trainerRows(played.userId);
    expect(new Set(rows.map((row) => row.source))).toEqual(
      new Set(['launch_tokens', 'tool_sessions', 'ai_results', 'ai_usage', 'bot_chat_state']),
    );
    expect(rows.filter((row) => row.context_id !== null)).toEqual([]);
    // Nothing tells pro of a case's tool being opened: there is no case.
    const events = await db()
      .selectFrom('event_outbox')
      .select('subject')
      .where(sql<string>`payload -> 'payload' ->> 'specialist_user_id'`, '=', played.userId)
      .execute();
    expect(events).toEqual([]);
  });

  it('ends with /finish, saying where the results are, and tells no case about it', async () => {
    const specialist = await openedSimulator(tool);
    const [finished] = await repliesTo(tool, specialist, 1, () => tool.say(specialist, '/finish'));
    expect(finished).toMatch(/^Сессия завершена\. Итоги тренировок — в \/progress/);
    expect(finished).toContain('«🎓 Тренажёр»');
    const events = await db()
      .selectFrom('event_outbox')
      .select('subject')
      .where(sql<string>`payload -> 'payload' ->> 'specialist_user_id'`, '=', specialist.userId)
      .execute();
    expect(events).toEqual([]);
  });

  it('sends the model nothing that identifies the specialist, the client or the case', async () => {
    const specialist = await playedTwoLinesWithAnna(tool);
    await finishWithScore(tool, specialist, 3);
    const sent = JSON.stringify(tool.anthropic.requests.map((request) => request.body));
    expect(tool.anthropic.requests).toHaveLength(3);
    expect(sent).toContain('Что вы почувствовали');
    for (const identifying of [
      String(specialist.id),
      specialist.username,
      'Ирина',
      'Соколова',
      specialist.caseLabel,
      'Петров',
    ]) {
      expect(sent).not.toContain(identifying);
    }
  });

  it('keeps the practice when a case is deleted, and deletes all of it with the account', async () => {
    const specialist = await playedTwoLinesWithAnna(tool);
    await finishWithScore(tool, specialist, 3);
    await db().deleteFrom('contexts').where('context_id', '=', specialist.contextId).execute();
    expect(await resultsOf(tool, specialist)).toHaveLength(1);

    const session = await db()
      .selectFrom('tool_sessions')
      .select('session_id')
      .where('specialist_user_id', '=', specialist.userId)
      .executeTakeFirstOrThrow();
    // As /delete_me does (pro's deleteSpecialistAccount): the users row, and all that hangs on it.
    await db().deleteFrom('users').where('user_id', '=', specialist.userId).execute();
    const left = await sql<{ count: number }>`
      select (select count(*) from tool_sessions where session_id = ${session.session_id})
           + (select count(*) from ai_messages where session_id = ${session.session_id})
           + (select count(*) from ai_jobs where session_id = ${session.session_id})
           + (select count(*) from ai_results where specialist_user_id = ${specialist.userId})
           + (select count(*) from ai_usage where specialist_user_id = ${specialist.userId})
           + (select count(*) from launch_tokens where specialist_user_id = ${specialist.userId}) as count`.execute(
      db(),
    );
    expect(Number(left.rows[0]?.count)).toBe(0);
  });
});
