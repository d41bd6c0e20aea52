// The single-process reference for new users' /start: what a bot must do at the least for
// it, in one process. A bare Fastify handler checks the secret, deduplicates the update and
// locks the chat (the pipeline's claim), reads the sender's users row and saves the chat's
// state in one transaction, commits, answers 200, then sends the reply straight to the Bot
// API: not durably (a process killed after the 200 loses it), which is what pro's reply
// outbox adds.
import Fastify from 'fastify';
import pg from 'pg';
import { Pool } from 'undici';
import { CLAIM_UPDATE_SQL } from './claim-sql';
import { serveUntilSigterm } from './serve';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const apiRoot = new URL(process.env.TELEGRAM_API_ROOT ?? 'http://127.0.0.1:9');
const botApi = new Pool(apiRoot.origin, { connections: 16 });
const token = process.env.TG_TOKEN_PRO ?? '';
const secret = process.env.TG_WEBHOOK_SECRET_PRO ?? '';
const app = Fastify();

app.post('/webhook/pro', async (request, reply) => {
  if (request.headers['x-telegram-bot-api-secret-token'] !== secret) {
    return reply.code(403).send();
  }
  const update = request.body as { update_id: number; message?: { chat: { id: number } } };
  const chatId = update.message?.chat.id ?? 0;
  const client = await pool.connect();
  let claimed = false;
  try {
    await client.query('begin');
    const claim = await client.query(CLAIM_UPDATE_SQL, [update.update_id, chatId]);
    claimed = claim.rows[0]?.claimed === 1;
    if (claimed) {
      await client.query('select * from users where telegram_id = $1', [chatId]);
      await client.query(
        `insert into bot_chat_state (bot_id, chat_id, state) values ('pro', $1, 'idle')
         on conflict (bot_id, chat_id) do update set updated_at = now()`,
        [chatId],
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  if (claimed) {
    void botApi
      .request({
        method: 'POST',
        path: `${apiRoot.pathname.replace(/\/$/, '')}/bot${token}/sendMessage`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text: 'Доступ по приглашению.' }),
      })
      .then((response) => response.body.dump())
      .catch(() => undefined);
  }
  return { ok: true };
});

await serveUntilSigterm(app, pool);
