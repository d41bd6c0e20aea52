// Set-up (d), the usual alternative: one grammY bot with webhookCallback on Fastify and
// sessions in Postgres through @grammyjs/storage-psql, running the same steps as pro's
// handlers. No dedup, no per-chat serialization.
import { PsqlAdapter } from '@grammyjs/storage-psql';
import Fastify from 'fastify';
import { Bot, type Context, type SessionFlavor, session, webhookCallback } from 'grammy';
import pg from 'pg';
import { serveUntilSigterm } from './serve';

interface Session {
  state: string;
}
type BotContext = Context & SessionFlavor<Session>;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const bot = new Bot<BotContext>(process.env.TG_TOKEN_PRO ?? '', {
  client: { apiRoot: process.env.TELEGRAM_API_ROOT },
});
const storage = await PsqlAdapter.create({
  tableName: 'grammy_sessions',
  client: pool as unknown as pg.Client,
});
bot.use(session({ initial: (): Session => ({ state: 'main_menu' }), storage }));

const specialistOf = async (telegramId: number) =>
  (await pool.query('select user_id from users where telegram_id = $1', [telegramId])).rows[0] as
    | { user_id: string }
    | undefined;

const listCases = async (userId: string) =>
  (
    await pool.query(
      `select context_id, client_ref from contexts where specialist_user_id = $1 and status = 'active'
       order by created_at desc limit 9`,
      [userId],
    )
  ).rows as { client_ref: string }[];

bot.command('start', async (ctx) => {
  if (!(await specialistOf(ctx.from?.id ?? 0)))
    return void (await ctx.reply('Доступ по приглашению.'));
  ctx.session.state = 'main_menu';
  await ctx.reply('Главное меню. Выберите действие:');
});
bot.hears('➕ Новый кейс', async (ctx) => {
  ctx.session.state = 'waiting_case_name';
  await ctx.reply('Как назовём кейс?');
});
bot.hears('📁 Мои кейсы', async (ctx) => {
  const user = await specialistOf(ctx.from?.id ?? 0);
  const cases = user ? await listCases(user.user_id) : [];
  await ctx.reply(`📁 Ваши кейсы: ${cases.length}`);
});
bot.callbackQuery(/^cases:page:(\d+)$/, async (ctx) => {
  const user = await specialistOf(ctx.from.id);
  const cases = user ? await listCases(user.user_id) : [];
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(`📁 Ваши кейсы: ${cases.length}`);
});
bot.on('message:text', async (ctx) => {
  if (ctx.session.state !== 'waiting_case_name') return void (await ctx.reply('Не понимаю.'));
  const user = await specialistOf(ctx.from.id);
  if (!user) return;
  await pool.query('insert into contexts (specialist_user_id, client_ref) values ($1, $2)', [
    user.user_id,
    ctx.message.text.trim(),
  ]);
  ctx.session.state = 'main_menu';
  await ctx.reply(`✅ Кейс «${ctx.message.text.trim()}» создан.`);
  await ctx.reply('Главное меню. Выберите действие:');
});

const app = Fastify();
app.post(
  '/webhook/pro',
  webhookCallback(bot, 'fastify', { secretToken: process.env.TG_WEBHOOK_SECRET_PRO }),
);
await bot.init();
await serveUntilSigterm(app, pool);
