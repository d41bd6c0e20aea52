import { type ServiceHarness, startServiceHarness } from '@psycheos/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { ADMIN, registerThroughInvite } from './pro-chat';

const DASHBOARD = 'https://psycheos.example.org/app';

describe('pro bot: the dashboard button', () => {
  let pro: ServiceHarness;
  beforeAll(async () => {
    pro = await startServiceHarness({
      botId: 'pro',
      buildApp,
      env: { ADMIN_IDS: String(ADMIN.id), WEBAPP_URL: DASHBOARD },
    });
  });
  afterAll(() => pro.close());

  it('puts «📊 Панель» in the main menu as a Mini App button opening WEBAPP_URL', async () => {
    const chat = await registerThroughInvite(pro, { id: 930_001, first_name: 'Ирина' });
    const menu = pro.telegram
      .callsTo('sendMessage')
      .filter((call) => call.params.chat_id === chat.person.id)
      .map(
        (call) =>
          call.params.reply_markup as {
            keyboard?: { text: string; web_app?: { url: string } }[][];
          },
      )
      .findLast((markup) => markup?.keyboard);
    const buttons = menu?.keyboard?.flat() ?? [];
    expect(buttons.find((button) => button.text === '📊 Панель')?.web_app).toEqual({
      url: DASHBOARD,
    });
  });
});
