import { labels, toolTitles } from '@psycheos/pro/src/texts';
import type { ProChat } from '@psycheos/pro/test/pro-chat';
import { texts as screenTexts } from '@psycheos/screen/src/texts';
import { ClientChat } from '@psycheos/screen/test/client-chat';
import type { Person, ServiceHarness } from '@psycheos/testkit';

/**
 * A specialist's clients in the screen bot, for tests that run pro and screen together:
 * the links the specialist gets in pro, and the clients who open them.
 */

/** Screening links for the case, as the specialist gets them in pro, one per client. */
export async function screeningLinks(chat: ProChat, caseName: string, count: number) {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    await chat.send(labels.myCases);
    await chat.pressButton(caseName);
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    await chat.pressButton(labels.getScreeningLink);
    tokens.push(/\?start=([0-9a-f]{24})/.exec(chat.lastText())?.[1] ?? '');
  }
  return tokens;
}

/** A client opens the link and agrees; returns their chat, at the first question. */
export async function clientInQuestionnaire(screen: ServiceHarness, token: string, person: Person) {
  const client = new ClientChat(screen, person);
  await client.send(`/start ${token}`);
  await client.pressButton(screenTexts.agree);
  return client;
}

/**
 * Answers every question with its first option (never the crisis answer), to the end;
 * returns the last button pressed, for a double tap.
 */
export async function answerEverything(client: ClientChat): Promise<string> {
  let pressed = '';
  while (client.lastText() !== screenTexts.thankYou) {
    pressed = client.buttons()[0]?.callback_data ?? '';
    if (!pressed) throw new Error(`no answer to press after "${client.lastText()}"`);
    await client.press(pressed);
  }
  return pressed;
}
