import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { literal } from '../patterns';
import { ARTIFACTS } from './newcomer-start';

/**
 * How long a look waits for a bot's answer: each goes through the gateway, the bot's
 * transaction, its reply outbox and the local Bot API's real flood limits, on two loaded cores.
 */
const REPLY_TIMEOUT_MS = 60_000;

/** The marks the page adds after a link's, a Mini App's or a copy button's caption. */
const BUTTON_MARK = '[↗▣⧉]?';

/**
 * The playground in Chromium, used as a developer uses it: by clicking what is on the page
 * and typing into it, and by looking at it (the data-testids listed at the top of
 * services/playground/page/index.html). Every look waits for what it looks for.
 */
export class PlaygroundPage {
  /** Uncaught errors and console errors, of the page and of the Mini App in it, with where. */
  readonly problems: string[] = [];

  private constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { pathname } = new URL(message.location().url || 'about:blank');
      this.problems.push(`${pathname}: ${message.text()}`);
    });
  }

  static async open(browser: Browser, url: string): Promise<PlaygroundPage> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const playground = new PlaygroundPage(page);
    await page.goto(url);
    await playground.byTestId('person-switcher').getByRole('radio').first().waitFor();
    return playground;
  }

  byTestId(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** «Вы —»: becomes `label` («Мария (специалист)»), in whatever chat is open. */
  async beAs(label: string): Promise<void> {
    await this.byTestId('person-switcher').getByRole('radio').filter({ hasText: label }).click();
    await this.chatTitle(`вы: ${label}`).waitFor();
  }

  /** Opens the chat with the bot named `name` («PsycheOS Pro») as the current person. */
  async openBot(name: string): Promise<void> {
    await this.byTestId('bot-list').getByRole('button').filter({ hasText: name }).click();
    await this.chatTitle(name).waitFor();
  }

  /** The open chat's header, once it shows `text`. */
  chatTitle(text: string): Locator {
    return this.byTestId('chat-title').filter({ hasText: text });
  }

  /** Types `text` into the message box and sends it with Enter. */
  async send(text: string): Promise<void> {
    await this.byTestId('composer').fill(text);
    await this.byTestId('composer').press('Enter');
  }

  /** Presses the reply keyboard's button captioned `caption`, once the bot shows it. */
  async pressReplyButton(caption: string): Promise<void> {
    await this.byTestId('reply-keyboard')
      .getByTestId('reply-button')
      .filter({ hasText: exactly(caption) })
      .click({ timeout: REPLY_TIMEOUT_MS });
  }

  /**
   * Presses the inline button captioned `caption` under the newest message that has one
   * (or under the newest message matching `on`), once the bot shows it.
   */
  async press(caption: string | RegExp, options: { on?: RegExp } = {}): Promise<void> {
    await this.inlineButton(caption, options).click({ timeout: REPLY_TIMEOUT_MS });
  }

  /** The newest inline button captioned `caption` (under the newest message matching `on`). */
  inlineButton(caption: string | RegExp, options: { on?: RegExp } = {}): Locator {
    const where = options.on ? this.message(options.on) : this.byTestId('messages');
    return where
      .getByTestId('inline-button')
      .filter({ hasText: typeof caption === 'string' ? exactly(caption) : caption })
      .last();
  }

  /** The newest message in the open chat whose text matches `pattern`. */
  message(pattern: RegExp): Locator {
    return this.byTestId('messages').getByTestId('message').filter({ hasText: pattern }).last();
  }

  /** Waits for a message matching `pattern` in the open chat; resolves with its text. */
  async waitForMessage(pattern: RegExp): Promise<string> {
    const message = this.message(pattern);
    await message.waitFor({ timeout: REPLY_TIMEOUT_MS });
    return (await message.locator('.text').textContent()) ?? '';
  }

  /** Whether the open chat's newest message is in sight, not scrolled away below the fold. */
  async isNewestMessageInView(): Promise<boolean> {
    const list = await this.byTestId('messages').boundingBox();
    const newest = await this.byTestId('message').last().boundingBox();
    return Boolean(list && newest && newest.y + newest.height <= list.y + list.height + 1);
  }

  /** Waits for a photo whose caption matches `caption`; resolves with its <img>. */
  async waitForPhoto(caption: RegExp): Promise<Locator> {
    const image = this.message(caption).locator('img');
    await image.waitFor({ timeout: REPLY_TIMEOUT_MS });
    return image;
  }

  /** The «Открыть ссылку» field: pastes `link` (one someone forwarded) and presses Enter. */
  async openLink(link: string): Promise<void> {
    await this.byTestId('open-link').fill(link);
    await this.byTestId('open-link').press('Enter');
  }

  /** The first-steps panel's button whose label begins with `label`. */
  async firstStep(label: string): Promise<void> {
    await this.byTestId('first-steps')
      .getByRole('button', { name: new RegExp(`^${literal(label)}`) })
      .click();
  }

  /** The Mini App panel's page (the dashboard), to look inside it. */
  webApp(): FrameLocator {
    return this.page.frameLocator('[data-testid="web-app"]');
  }

  /** Saves what the page shows as e2e/.artifacts/playground-<step>-<what>.png. */
  async screenshot(step: number, what: string): Promise<void> {
    await mkdir(ARTIFACTS, { recursive: true });
    const file = new URL(`playground-${step}-${what}.png`, ARTIFACTS);
    await this.page.screenshot({ path: fileURLToPath(file) });
  }
}

/** A button's caption, whole: «Скрининг» is not «📊 Скрининги». */
const exactly = (caption: string) => new RegExp(`^${literal(caption)}${BUTTON_MARK}$`);

/** The width of the picture an <img> shows: 0 until it has loaded (or when it failed to). */
export const loadedWidth = (image: Locator): Promise<number> =>
  image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth);
