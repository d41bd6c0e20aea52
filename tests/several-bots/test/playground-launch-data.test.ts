import type { PlaygroundPerson } from '@psycheos/playground/src/people-store';
import { signInitData } from '@psycheos/playground/src/web-app-launch';
import {
  DASHBOARD_URL,
  freshPlaygroundForEachTest,
  MARIA_ID,
  PRO,
} from '@psycheos/playground/test/helpers/playground';
import { checkInitData } from '@psycheos/webapp/src/auth/init-data';
import { describe, expect, it } from 'vitest';

const PRO_TOKEN = PRO.token;
const MARIA: PlaygroundPerson = { id: MARIA_ID, firstName: 'Мария Ивановна', role: 'specialist' };
const NOW = new Date('2026-03-01T10:00:00Z');

/**
 * The playground opens the dashboard beside a chat with launch data it signs itself: the
 * dashboard's own check must take it as Telegram's.
 */
describe('Mini App launch data', () => {
  it("is accepted by the dashboard's own check as Мария's, signed with pro's token", () => {
    const initData = signInitData(MARIA, PRO_TOKEN, NOW);
    const check = checkInitData(initData, PRO_TOKEN, 3600, NOW.getTime());
    expect(check).toEqual({ ok: true, telegramUserId: MARIA.id, authDate: NOW });
  });

  it('is refused under another bot token, and once a field is changed', () => {
    const initData = signInitData(MARIA, PRO_TOKEN, NOW);
    expect(checkInitData(initData, '7100000002:another-token', 3600, NOW.getTime())).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const forged = initData.replace(
      encodeURIComponent(`"id":${MARIA.id}`),
      encodeURIComponent('"id":1'),
    );
    expect(forged).not.toBe(initData);
    expect(checkInitData(forged, PRO_TOKEN, 3600, NOW.getTime())).toMatchObject({ ok: false });
  });
});

describe('the dashboard beside the chat', () => {
  const fresh = freshPlaygroundForEachTest();
  const post = (url: string, payload: object) =>
    fresh.playground.app.inject({ method: 'POST', url: `/playground/api${url}`, payload });

  it("opens it with launch data signed for the person with the bot's token", async () => {
    const now = Date.now();
    const answer = await post('/web-app', {
      bot: PRO.username,
      person: MARIA_ID,
      url: `${DASHBOARD_URL}/`,
    });
    expect(answer.statusCode).toBe(200);
    const launch = new URL(answer.json().url);
    expect(launch.href.startsWith(`${DASHBOARD_URL}/#tgWebAppData=`)).toBe(true);
    const initData = new URLSearchParams(launch.hash.slice(1)).get('tgWebAppData') ?? '';
    expect(checkInitData(initData, PRO.token, 60, now)).toMatchObject({
      ok: true,
      telegramUserId: MARIA_ID,
    });
  });
});
