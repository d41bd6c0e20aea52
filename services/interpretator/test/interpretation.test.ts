import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { buttonPress } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';

const MATERIAL_1 =
  'Клиентка 34 лет пришла с жалобами на бессонницу. Говорит: «я всё время жду, что меня уволят». На работе новый руководитель.';
const MATERIAL_2 = 'Во второй половине сессии сказала: «дома я ни на что не имею права».';

const interpretation = {
  summary: 'Тревога, связанная со сменой руководителя, на фоне ощущения бесправия дома.',
  hypotheses: [
    {
      title: 'Катастрофизация на работе',
      explanation: 'Ожидание увольнения без явных признаков угрозы.',
      evidence: ['я всё время жду, что меня уволят'],
    },
    {
      title: 'Выученная беспомощность',
      explanation: 'Перенос опыта дома на работу.',
      evidence: ['я никому не нужна'],
    },
  ],
  alternatives: [
    {
      reading: 'Реалистичная оценка нестабильной ситуации.',
      evidence: ['На работе новый руководитель.'],
    },
  ],
  questions: ['Что изменилось с приходом нового руководителя?'],
  risks: [],
};

let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'interpretator', buildApp });
});
afterAll(() => tool.close());
beforeEach(() => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
});

async function sessionWithMaterial(): Promise<Specialist> {
  const specialist = await tool.specialist();
  await tool.openSession(specialist);
  await tool.say(specialist, MATERIAL_1);
  await tool.say(specialist, MATERIAL_2);
  return specialist;
}

const press = async (specialist: Specialist, data: string) => {
  expect((await tool.service.deliver(buttonPress(specialist, data))).status).toBe(200);
};

/** Waits until `count` of the chat's requests are settled: the next one may be asked. */
const answered = (specialist: Specialist, count: number) =>
  vi.waitFor(async () => {
    const done = await tool.service.database.db
      .selectFrom('ai_jobs')
      .select('job_id')
      .where('chat_id', '=', specialist.id)
      .where('status', '=', 'done')
      .execute();
    expect(done).toHaveLength(count);
  });

describe('Интерпретатор', () => {
  it('interprets the material with quotes checked, streams it, saves it to the case and records usage once', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script([
      { toolUse: { name: 'record_interpretation', input: interpretation }, chunkDelayMs: 5 },
    ]);
    await press(specialist, 'int:go');
    const texts = await tool.textsOnceThereAre(specialist.id, 6);
    const answer = texts[5] ?? '';
    expect(answer).toContain('Рабочие гипотезы');
    expect(answer).toContain('я всё время жду, что меня уволят');
    expect(answer).toMatch(/Цитата не найдена в материале[\s\S]*я никому не нужна/);
    expect(answer).toContain('Вопросы для следующей сессии');

    // Shown while written: a "Thinking…" draft first, then the text as it came.
    const drafts = tool.service.telegram.callsTo('sendMessageDraft');
    expect(drafts[0]?.params.text ?? '').toBe('');
    expect(drafts.length).toBeGreaterThan(1);

    const results = await tool.service.database.db.selectFrom('ai_results').selectAll().execute();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      context_id: specialist.contextId,
      kind: 'interpretation',
      review: 'draft',
      prompt_version: 'interpretation.v2',
    });
    const usage = await tool.service.database.db.selectFrom('ai_usage').selectAll().execute();
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({
      specialist_user_id: specialist.userId,
      context_id: specialist.contextId,
    });
    expect(usage[0]?.output_tokens).toBeGreaterThan(0);
  });

  it('sends the model nothing that identifies the specialist, the client or the case', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script([{ toolUse: { name: 'record_interpretation', input: interpretation } }]);
    await press(specialist, 'int:go');
    const texts = await tool.textsOnceThereAre(specialist.id, 6);
    // Told once, when the session opens, to leave identifying details out of the material.
    expect(texts.filter((text) => text.includes('позволяет узнать клиента'))).toHaveLength(1);
    const sent = JSON.stringify(tool.anthropic.requests.map((request) => request.body));
    expect(sent).toContain('жду, что меня уволят');
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

  it('answers a follow-up in the same conversation, its stable prefix cached, until «Новая тема»', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script([
      { toolUse: { name: 'record_interpretation', input: interpretation } },
      { text: 'Стоит уточнить **сон** и режим.' },
      { toolUse: { name: 'record_interpretation', input: interpretation } },
    ]);
    await press(specialist, 'int:go');
    await tool.textsOnceThereAre(specialist.id, 6);
    await tool.say(specialist, 'Что спросить про сон?');
    const texts = await tool.textsOnceThereAre(specialist.id, 7);
    expect(texts[6]).toContain('<b>сон</b>');

    const followUp = tool.anthropic.requests[1]?.body as {
      messages: { role: string; content: unknown }[];
      system: unknown;
    };
    expect(JSON.stringify(followUp.messages[0])).toContain('жду, что меня уволят');
    expect(followUp.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(followUp)).toContain('cache_control');

    await press(specialist, 'int:new');
    await tool.say(specialist, 'Новый материал: клиент опаздывает на сессии.');
    await press(specialist, 'int:go');
    await tool.textsOnceThereAre(specialist.id, 10);
    const fresh = tool.anthropic.requests[2]?.body as { messages: unknown[] };
    expect(fresh.messages).toHaveLength(1);
    expect(JSON.stringify(fresh.messages)).not.toContain('уволят');
  });

  it('answers follow-up questions one after another, each seeing the one before', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script([
      { toolUse: { name: 'record_interpretation', input: interpretation } },
      { text: 'Ответ на первый вопрос.' },
      { text: 'Ответ на второй вопрос.' },
    ]);
    await press(specialist, 'int:go');
    await tool.textsOnceThereAre(specialist.id, 6);
    await answered(specialist, 1);
    await tool.say(specialist, 'Первый вопрос?');
    await tool.textsOnceThereAre(specialist.id, 7);
    await answered(specialist, 2);
    await tool.say(specialist, 'Второй вопрос?');
    const texts = await tool.textsOnceThereAre(specialist.id, 8);
    expect(texts.slice(6)).toEqual(['Ответ на первый вопрос.', 'Ответ на второй вопрос.']);
    const last = JSON.stringify(tool.anthropic.requests[2]?.body.messages);
    expect(last.indexOf('Первый вопрос?')).toBeLessThan(last.indexOf('Ответ на первый вопрос.'));
    expect(last.indexOf('Ответ на первый вопрос.')).toBeLessThan(last.indexOf('Второй вопрос?'));
  });

  it('condenses a conversation over its budget into a running summary instead of cutting it', async () => {
    const specialist = await sessionWithMaterial();
    const long = (word: string) => `${word} `.repeat(10_000);
    tool.anthropic.script((request) => {
      const system = JSON.stringify(request.body.system);
      if (system.includes('Сожми')) return { text: 'СВОДКА: тревога на работе, обсуждали сон.' };
      if (request.body.tools)
        return {
          toolUse: {
            name: 'record_interpretation',
            input: { ...interpretation, summary: long('длинно') },
          },
        };
      return { text: long('ответ') };
    });
    await press(specialist, 'int:go');
    const questions = ['Вопрос один?', 'Вопрос два?', 'Вопрос три?'];
    for (const [index, question] of ['', ...questions].entries()) {
      if (question) await tool.say(specialist, question);
      await vi.waitFor(
        async () => {
          const { count } = await tool.service.database.db
            .selectFrom('ai_jobs')
            .select(sql<number>`count(*) filter (where status = 'done')::int`.as('count'))
            .where('chat_id', '=', specialist.id)
            .executeTakeFirstOrThrow();
          expect(count).toBe(index + 1);
        },
        // Each answer streams 10,000 words: on two loaded cores that takes a while.
        { timeout: 30_000 },
      );
    }
    const condense = tool.anthropic.requests.filter((r) =>
      JSON.stringify(r.body.system).includes('Сожми'),
    );
    expect(condense).toHaveLength(1);
    expect(JSON.stringify(condense[0]?.body.messages)).toContain('уволят');
    const last = JSON.stringify(tool.anthropic.requests.at(-1)?.body.messages);
    expect(last).toContain('СВОДКА: тревога на работе');
    expect(last).not.toContain('уволят');
    expect(last).toContain('Вопрос три?');
    const session = await tool.service.database.db
      .selectFrom('tool_sessions')
      .select('summary')
      .where('chat_id', '=', specialist.id)
      .executeTakeFirstOrThrow();
    expect(session.summary).toContain('СВОДКА');
    // The summary's tokens are the job's too: one usage row per job, the condensing included.
    const usage = await tool.service.database.db
      .selectFrom('ai_usage')
      .select(['cache_read_tokens', 'cache_write_tokens'])
      .where('specialist_user_id', '=', specialist.userId)
      .execute();
    expect(usage).toHaveLength(4);
    expect(usage.some((row) => row.cache_read_tokens > 0)).toBe(true);
  });

  it('shows an answer that ignores the structure as text, marked as unchecked', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script([{ text: 'Похоже на **тревогу** <adaptation>.' }]);
    await press(specialist, 'int:go');
    const texts = await tool.textsOnceThereAre(specialist.id, 6);
    expect(texts[5]).toContain('<b>тревогу</b> &lt;adaptation&gt;');
    expect(texts[5]).toContain('цитаты не проверены');
  });

  it('rides out 529 and 429 and gives one answer, its usage recorded once', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script([
      { error: 529 },
      { error: 429, retryAfterSeconds: 0 },
      { toolUse: { name: 'record_interpretation', input: interpretation } },
    ]);
    await press(specialist, 'int:go');
    const texts = await tool.textsOnceThereAre(specialist.id, 6);
    await tool.service.repliesSent();
    expect(texts.filter((text) => text.includes('Рабочие гипотезы'))).toHaveLength(1);
    expect(tool.anthropic.requests).toHaveLength(3);
    const usage = await tool.service.database.db
      .selectFrom('ai_usage')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('specialist_user_id', '=', specialist.userId)
      .executeTakeFirstOrThrow();
    expect(usage.count).toBe(1);
  });

  it('after the last try says the model is unavailable and offers «Повторить», which then answers', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script(Array.from({ length: 4 }, () => ({ error: 529 as const })));
    await press(specialist, 'int:go');
    const texts = await tool.textsOnceThereAre(specialist.id, 6);
    expect(texts[5]).toMatch(/^Модель сейчас перегружена/);
    const failure = tool.service.telegram
      .callsTo('sendMessage')
      .find((call) => String(call.params.text).startsWith('Модель сейчас перегружена'));
    const retry = JSON.stringify(failure?.params.reply_markup);
    const jobId = /ai:retry:([0-9a-f-]{36})/.exec(retry)?.[1] ?? '';
    expect(jobId).not.toBe('');

    tool.anthropic.script([{ toolUse: { name: 'record_interpretation', input: interpretation } }]);
    await press(specialist, `ai:retry:${jobId}`);
    await press(specialist, `ai:retry:${jobId}`);
    const after = await tool.textsOnceThereAre(specialist.id, 7);
    expect(after[6]).toContain('Рабочие гипотезы');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await tool.service.repliesSent();
    expect(tool.service.telegram.textsSentTo(specialist.id)).toHaveLength(7);
  });

  it('falls back to one placeholder message, edited as text arrives, where drafts are refused', async () => {
    const specialist = await sessionWithMaterial();
    tool.service.telegram.respond('sendMessageDraft', () => ({
      ok: false,
      error_code: 400,
      description: 'Bad Request: TEXTDRAFT_PEER_INVALID',
    }));
    tool.anthropic.script([
      { text: 'Первый абзац.\n\nВторой абзац.', chunkSize: 4, chunkDelayMs: 20 },
    ]);
    await press(specialist, 'int:go');
    await vi.waitFor(
      async () => {
        await tool.service.repliesSent();
        const edits = tool.service.telegram.callsTo('editMessageText');
        expect(edits.at(-1)?.params.text).toContain('Второй абзац.');
      },
      { timeout: 10_000 },
    );
    const placeholders = tool.service.telegram
      .callsTo('sendMessage')
      .filter((call) => call.params.text === '…');
    expect(placeholders).toHaveLength(1);
  });

  it('does nothing when a finished job runs again (a crash after its commit): one answer, one charge', async () => {
    const specialist = await sessionWithMaterial();
    // The first life takes the job and dies mid-answer: left running, locked by a silent worker.
    tool.anthropic.script([{ toolUse: { name: 'record_interpretation', input: interpretation } }]);
    const db = tool.service.database.db;
    await press(specialist, 'int:go');
    const texts = await tool.textsOnceThereAre(specialist.id, 6);
    expect(texts[5]).toContain('Рабочие гипотезы');
    // What a crash after the answer's commit but before the queue heard of it leaves:
    // the same job queued again. It finds itself done: no second answer, no second charge.
    const job = await db
      .selectFrom('ai_jobs')
      .select('job_id')
      .where('chat_id', '=', specialist.id)
      .executeTakeFirstOrThrow();
    await sql`select graphile_worker.add_job('ai_job:interpretator', json_build_object('jobId', ${job.job_id}::text))`.execute(
      db,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await tool.service.repliesSent();
    expect(tool.service.telegram.textsSentTo(specialist.id)).toHaveLength(6);
    const usage = await db
      .selectFrom('ai_usage')
      .selectAll()
      .where('job_id', '=', job.job_id)
      .execute();
    expect(usage).toHaveLength(1);
    expect(tool.anthropic.requests).toHaveLength(1);
  });

  it('gives one answer when a run taken for dead was alive and both finish', async () => {
    const specialist = await sessionWithMaterial();
    tool.anthropic.script([
      { toolUse: { name: 'record_interpretation', input: interpretation }, chunkDelayMs: 20 },
      { toolUse: { name: 'record_interpretation', input: interpretation }, chunkDelayMs: 20 },
    ]);
    const db = tool.service.database.db;
    await press(specialist, 'int:go');
    const job = await db
      .selectFrom('ai_jobs')
      .select('job_id')
      .where('chat_id', '=', specialist.id)
      .executeTakeFirstOrThrow();
    // A second run of the same job, outside the chat's queue, while the first is streaming.
    await vi.waitFor(() => expect(tool.anthropic.requests).toHaveLength(1));
    await sql`select graphile_worker.add_job('ai_job:interpretator', json_build_object('jobId', ${job.job_id}::text))`.execute(
      db,
    );
    await vi.waitFor(() => expect(tool.anthropic.requests).toHaveLength(2), { timeout: 5_000 });
    await tool.textsOnceThereAre(specialist.id, 6);
    await vi.waitFor(
      async () => {
        const running = await db
          .selectFrom('ai_jobs')
          .select('status')
          .where('job_id', '=', job.job_id)
          .executeTakeFirstOrThrow();
        expect(running.status).toBe('done');
      },
      { timeout: 5_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await tool.service.repliesSent();
    expect(tool.service.telegram.textsSentTo(specialist.id)).toHaveLength(6);
    expect(
      await db.selectFrom('ai_results').selectAll().where('job_id', '=', job.job_id).execute(),
    ).toHaveLength(1);
    expect(
      await db.selectFrom('ai_usage').selectAll().where('job_id', '=', job.job_id).execute(),
    ).toHaveLength(1);
  });
});

describe('Интерпретатор without ANTHROPIC_API_KEY', () => {
  it('says that AI is not configured on this server and queues nothing', async () => {
    const bare = await startToolHarness({ botId: 'interpretator', buildApp, withApiKey: false });
    try {
      const specialist = await bare.specialist();
      await bare.openSession(specialist);
      await bare.say(specialist, MATERIAL_1);
      await bare.service.deliver(buttonPress(specialist, 'int:go'));
      const texts = await bare.textsOnceThereAre(specialist.id, 5);
      // Said when the session opens, and again in the chat when a request is made.
      expect(texts[1]).toMatch(/^ИИ не настроен на этом сервере/);
      expect(texts.at(-1)).toMatch(/^ИИ не настроен на этом сервере/);
      // The press is answered once (Telegram refuses a second answer to the same query).
      expect(bare.service.telegram.callsTo('answerCallbackQuery')).toHaveLength(1);
      const jobs = await bare.service.database.db.selectFrom('ai_jobs').selectAll().execute();
      expect(jobs).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
