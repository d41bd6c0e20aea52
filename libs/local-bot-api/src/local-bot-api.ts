import { listenBotApi } from './bot-api-server';
import { createBotDirectory } from './bot-directory';
import { createChangeFeed } from './change-feed';
import { createChatStore } from './chat-store';
import { createFileStore } from './file-store';
import { createFloodLimits } from './flood-limits';
import { createInvoiceLinks } from './invoice-links';
import type { LocalBotApi, LocalBotApiOptions } from './local-bot-api-contract';
import { createCallAnswerer } from './methods/answer-call';
import type { MethodContext } from './methods/method-context';
import { createPersonSide } from './person-side';
import { createPreCheckoutWaits } from './pre-checkout-waits';
import { createRecording, type RecordingView } from './recording';
import { createStateWriter, loadState, type StateWriter } from './state-file';
import { createWebhookDelivery } from './webhook-delivery';

/**
 * Starts the local Bot API: the bots' services talk to `apiRoot` as they would to
 * api.telegram.org, the playground acts as the person, and a test reads what was called.
 * With `dataDir` the chats, files, invoice links and update ids are loaded from it and kept
 * there, so a restart changes nothing the person sees.
 */
export async function startLocalBotApi(
  options: LocalBotApiOptions = {},
): Promise<LocalBotApi & RecordingView> {
  let writer: StateWriter | undefined;
  const saveSoon = () => writer?.schedule();
  const feed = createChangeFeed(saveSoon);
  const context: MethodContext = {
    bots: createBotDirectory(options.bots),
    chats: createChatStore(feed.bump),
    files: createFileStore(options.dataDir, saveSoon),
    invoiceLinks: createInvoiceLinks(saveSoon),
    deliveries: createWebhookDelivery(saveSoon),
    preCheckouts: createPreCheckoutWaits(),
    recording: createRecording({ isRecording: options.recordCalls === true }),
    refundedCharges: new Set(),
    pressesAwaitingAnswer: new Map(),
    isStrict: options.strictMessages === true,
  };
  const { bots, chats, files, invoiceLinks, deliveries, recording } = context;

  if (options.dataDir !== undefined) {
    const kept = await loadState(options.dataDir);
    if (kept) {
      chats.restore(kept.chats);
      files.restore(kept.files);
      invoiceLinks.restore(kept.invoiceLinks);
      deliveries.restoreIds(kept.lastUpdateIds);
    }
    writer = createStateWriter(options.dataDir, () => ({
      format: 1,
      chats: chats.snapshot(),
      files: files.snapshot(),
      invoiceLinks: invoiceLinks.snapshot(),
      lastUpdateIds: deliveries.snapshotIds(),
    }));
  }

  const server = await listenBotApi({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    answer: createCallAnswerer(context, options.rateLimits ? createFloodLimits() : undefined),
    fileAt: (filePath) => {
      const file = files.byPath(filePath);
      return file && files.read(file.fileId);
    },
  });
  const person = createPersonSide(context);

  return {
    apiRoot: server.apiRoot,
    sendText: async (botUsername, who, text) => person.sendText(botUsername, who, text),
    pressButton: async (botUsername, who, messageId, data) =>
      person.pressButton(botUsername, who, messageId, data),
    payInvoice: person.payInvoice,
    chat(botUsername, personId) {
      const botId = bots.botIdOfUsername(botUsername);
      if (botId === undefined) return { botUsername, personId, messages: [] };
      return chats.view(botId, personId, botUsername);
    },
    version: feed.version,
    waitForChange: feed.waitForChange,
    file: files.read,
    knownBots: () => deliveries.registeredTokens().map(bots.identityOf),
    async clearChats() {
      chats.clear();
      invoiceLinks.clear();
      await files.clear();
      await writer?.flush();
    },

    calls: recording.calls,
    callsTo: recording.callsTo,
    textsSentTo: recording.textsSentTo,
    draftsSentTo: recording.draftsSentTo,
    refuseDrafts: recording.refuseDrafts,
    respond: recording.respond,
    setLatency: recording.setLatency,
    hold: recording.hold,
    waitForCalls: recording.waitForCalls,
    reset() {
      recording.reset();
      context.refundedCharges.clear();
    },

    async close() {
      recording.openGates();
      deliveries.close();
      context.preCheckouts.cancelAll();
      feed.releaseAll();
      await server.close();
      await writer?.close();
    },
  };
}
