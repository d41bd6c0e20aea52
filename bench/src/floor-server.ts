// Set-up (c), the floor: a bare Fastify handler doing the pipeline's SQL round trips
// (dedup insert, chat lock and state read, state upsert, commit) and nothing else.
import Fastify from 'fastify';
import pg from 'pg';
import { CLAIM_UPDATE_SQL } from './claim-sql';
import { serveUntilSigterm } from './serve';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify();

app.post('/webhook/pro', async (request) => {
  const update = request.body as {
    update_id: number;
    message?: { chat: { id: number } };
    callback_query?: { message: { chat: { id: number } } };
  };
  const chatId = update.message?.chat.id ?? update.callback_query?.message.chat.id ?? 0;
  const client = await pool.connect();
  try {
    await client.query('begin');
    // The same dedup-and-lock round trip as the pipeline's claimUpdate.
    const claimed = await client.query(CLAIM_UPDATE_SQL, [update.update_id, chatId]);
    if (claimed.rows[0]?.claimed === 1) {
      await client.query(`select * from bot_chat_state where bot_id = 'pro' and chat_id = $1`, [
        chatId,
      ]);
      await client.query(
        `insert into bot_chat_state (bot_id, chat_id, state) values ('pro', $1, 'main_menu')
         on conflict (bot_id, chat_id) do update set state = excluded.state, updated_at = now()`,
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
  return { ok: true };
});

await serveUntilSigterm(app, pool);
