// npm run dashboard:link -- <telegram id>: a link that opens the dashboard in an ordinary
// browser as Telegram would open it for that specialist, signed with TG_TOKEN_PRO from .env.
// For trying it locally under `npm start`; the link is valid for WEBAPP_INIT_DATA_MAX_AGE_SECONDS.
import { signInitData } from '../../services/webapp/src/auth/init-data';
import { loadDotEnv } from './dot-env';

loadDotEnv();
const telegramId = Number(process.argv[2]);
const token = process.env.TG_TOKEN_PRO?.trim();
if (!Number.isSafeInteger(telegramId) || telegramId <= 0 || !token) {
  console.error(
    'usage: npm run dashboard:link -- <your Telegram id> (with TG_TOKEN_PRO in .env; the id must be a registered specialist)',
  );
  process.exit(1);
}
const base = `http://localhost:${process.env.PORT ?? 8080}/app`;
const hash = new URLSearchParams({
  tgWebAppData: signInitData({ id: telegramId, first_name: 'local' }, token),
  tgWebAppVersion: '8.0',
  tgWebAppPlatform: 'unknown',
});
console.log(`${base}#${hash.toString()}`);
