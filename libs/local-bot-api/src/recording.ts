import type { ApiAnswer } from './api-answer';
import { type CallGate, createCallGates } from './call-gate';

/** One Bot API call as the local Bot API received it. */
export interface RecordedCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
}

/** A streaming preview shown in a chat by sendMessageDraft. */
export interface RecordedDraft {
  draftId: number;
  text: string;
}

export type Responder = (
  params: Record<string, unknown>,
  call: RecordedCall,
) => ApiAnswer | undefined;

/**
 * What a test sees of the Bot API and how it bends it: every call kept in order, drafts
 * per chat, and answers a test substitutes for Telegram's (a refusal, a delay).
 */
export interface RecordingView {
  /** Every call, in the order it arrived (empty unless the API was started with recordCalls). */
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Texts sent to a chat by sendMessage and editMessageText, in order. */
  textsSentTo(chatId: number): string[];
  /** Drafts Telegram accepted for a chat (sendMessageDraft), in order; refused ones are not shown. */
  draftsSentTo(chatId: number): RecordedDraft[];
  /**
   * Makes sendMessageDraft to this chat fail as Telegram does where drafts are not available
   * (400 TEXTDRAFT_PEER_INVALID), so a test can check the fallback to an edited message.
   */
  refuseDrafts(chatId: number, isRefused?: boolean): void;
  /** Answers a method differently; return undefined to fall back to the default answer. */
  respond(method: string, responder: Responder): void;
  /** Delays every answer, like a real round trip to Telegram. */
  setLatency(ms: number): void;
  /**
   * Holds the calls that match until the test opens the gate (call-gate.ts): recorded as
   * they arrive, answered then. `reset` and `close` open every gate.
   */
  hold(matches: (call: RecordedCall) => boolean): CallGate;
  /** Resolves once `count` calls to `method` have arrived (replies are sent after commit). */
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Forgets the calls, drafts and the test's substitutions and gates (chats and webhooks stay). */
  reset(): void;
}

/** The recording view plus what the Bot API's methods consult of it. */
export interface Recording extends RecordingView {
  record(call: RecordedCall): void;
  substituteAnswer(call: RecordedCall): ApiAnswer | undefined;
  /** Resolves once no gate of the test's holds the call. */
  passGates(call: RecordedCall): Promise<void>;
  /** Opens every gate, so that no call waits past the API's end. */
  openGates(): void;
  latencyMs(): number;
  isDraftRefused(chatId: number): boolean;
  recordDraft(chatId: number, draft: RecordedDraft): void;
}

/**
 * With `isRecording` off (the playground) nothing is kept, so memory stays flat however
 * long the page is used; the substitutions still work.
 */
export function createRecording({ isRecording }: { isRecording: boolean }): Recording {
  const calls: RecordedCall[] = [];
  const responders = new Map<string, Responder>();
  const waiters = new Set<() => void>();
  const drafts = new Map<number, RecordedDraft[]>();
  const chatsRefusingDrafts = new Set<number>();
  const gates = createCallGates();
  let latencyMs = 0;

  const callsTo = (method: string) => calls.filter((call) => call.method === method);

  return {
    calls,
    callsTo,
    textsSentTo: (chatId) =>
      calls
        .filter(
          (call) =>
            (call.method === 'sendMessage' || call.method === 'editMessageText') &&
            call.params.chat_id === chatId,
        )
        .map((call) => String(call.params.text)),
    draftsSentTo: (chatId) => [...(drafts.get(chatId) ?? [])],
    refuseDrafts: (chatId, isRefused = true) => {
      if (isRefused) chatsRefusingDrafts.add(chatId);
      else chatsRefusingDrafts.delete(chatId);
    },
    respond: (method, responder) => responders.set(method, responder),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    hold: gates.hold,
    waitForCalls: (method, count = 1, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (callsTo(method).length < count) return;
          cleanup();
          resolve(callsTo(method));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} ${method} call(s), got ${callsTo(method).length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    reset: () => {
      calls.length = 0;
      responders.clear();
      drafts.clear();
      chatsRefusingDrafts.clear();
      gates.openAll();
      latencyMs = 0;
    },
    record: (call) => {
      if (!isRecording) return;
      calls.push(call);
      for (const wake of waiters) wake();
    },
    substituteAnswer: (call) => responders.get(call.method)?.(call.params, call),
    passGates: gates.pass,
    openGates: gates.openAll,
    latencyMs: () => latencyMs,
    isDraftRefused: (chatId) => chatsRefusingDrafts.has(chatId),
    recordDraft: (chatId, draft) => {
      if (!isRecording) return;
      const chatDrafts = drafts.get(chatId) ?? [];
      chatDrafts.push(draft);
      drafts.set(chatId, chatDrafts);
    },
  };
}
