import type { Api } from 'grammy';
import { GrammyError } from 'grammy';
import { renderTelegramDraft } from '../telegram-format';

/** The least time between two updates of one chat's preview: Telegram's ~1 call/s per chat. */
const PREVIEW_INTERVAL_MS = 1_000;
const THINKING_PLACEHOLDER = '…';

export interface AnswerStreamOptions {
  api: Api;
  chatId: number;
  /** Non-zero and stable per job, so a rerun after a crash continues the same draft. */
  draftId: number;
  /** The fallback's message left by an earlier run of this job, edited rather than sent again. */
  placeholderMessageId: number | null;
  /** Told once when the fallback sent its placeholder, so a rerun can reuse it. */
  onPlaceholder: (messageId: number) => Promise<void>;
  /** Told about a preview that failed for any reason but the fallback's; previews are best effort. */
  onPreviewError: (error: unknown) => void;
  intervalMs?: number;
}

/**
 * Shows an answer while the model writes it. In a private chat Telegram animates a draft
 * (sendMessageDraft): an empty one shows "Thinking…", then the text as it arrives. Where
 * Telegram refuses drafts, one placeholder message is edited instead. Either way at most
 * one call is in flight and one per interval is made, always with the latest text, so a
 * fast model never builds a queue of stale previews. The final answer is not sent from
 * here: it goes through the reply outbox with the job's completion (run-ai-job.ts).
 */
export class AnswerStream {
  private mode: 'draft' | 'placeholder';
  private latest = '';
  private shown: string | undefined;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastCallAt = Number.NEGATIVE_INFINITY;
  private placeholderId: number | null;
  private closed = false;

  constructor(private readonly options: AnswerStreamOptions) {
    this.placeholderId = options.placeholderMessageId;
    this.mode = options.placeholderMessageId === null ? 'draft' : 'placeholder';
  }

  get placeholderMessageId(): number | null {
    return this.placeholderId;
  }

  /** Shows "Thinking…" at once. */
  async begin(): Promise<void> {
    await this.push('');
  }

  /** The answer so far, as Markdown. */
  update(markdown: string): void {
    if (this.closed) return;
    this.latest = markdown;
    this.schedule();
  }

  /** A retry starts the answer again: the preview goes back to "Thinking…". */
  restart(): void {
    this.update('');
  }

  /** Stops previewing; waits for a call in flight so the final message comes after it. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.inFlight || this.timer) return;
    const interval = this.options.intervalMs ?? PREVIEW_INTERVAL_MS;
    const wait = Math.max(0, this.lastCallAt + interval - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed || this.latest === this.shown) return;
      void this.push(this.latest);
    }, wait);
  }

  private push(markdown: string): Promise<void> {
    this.lastCallAt = performance.now();
    this.inFlight = this.show(markdown)
      .catch((error: unknown) => this.options.onPreviewError(error))
      .finally(() => {
        this.inFlight = null;
        this.shown = markdown;
        if (!this.closed && this.latest !== this.shown) this.schedule();
      });
    return this.inFlight;
  }

  private async show(markdown: string): Promise<void> {
    const html = markdown ? renderTelegramDraft(markdown) : '';
    if (this.mode === 'draft') {
      try {
        await this.options.api.sendMessageDraft(this.options.chatId, this.options.draftId, html, {
          ...(html ? { parse_mode: 'HTML' as const } : {}),
        });
        return;
      } catch (error) {
        if (!isDraftRefused(error)) throw error;
        this.mode = 'placeholder';
      }
    }
    await this.showInPlaceholder(html);
  }

  private async showInPlaceholder(html: string): Promise<void> {
    const text = html || THINKING_PLACEHOLDER;
    const parse = html ? { parse_mode: 'HTML' as const } : {};
    if (this.placeholderId === null) {
      const message = await this.options.api.sendMessage(this.options.chatId, text, parse);
      this.placeholderId = message.message_id;
      await this.options.onPlaceholder(message.message_id);
      return;
    }
    try {
      await this.options.api.editMessageText(this.options.chatId, this.placeholderId, text, parse);
    } catch (error) {
      // The same text again is no failure.
      if (!(error instanceof GrammyError && error.description.includes('message is not modified')))
        throw error;
    }
  }
}

/** Telegram said drafts cannot be used here (not a private chat, or not available to this bot). */
function isDraftRefused(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400;
}

/** A stable, non-zero 31-bit draft id for a job id. */
export function draftIdFor(jobId: string): number {
  let hash = 0;
  for (const char of jobId) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash & 0x7fffffff || 1;
}
