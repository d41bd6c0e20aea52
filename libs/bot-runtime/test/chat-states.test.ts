import { describe, expect, it } from 'vitest';
import type { ChatStateChange } from '../src/pipeline/chat-state';
import {
  defineChatStates,
  keepsNothing,
  keepsString,
  keepsStrings,
} from '../src/pipeline/chat-states';
import type { PipelineContext } from '../src/pipeline/pipeline-context';

const states = defineChatStates({
  main_menu: keepsNothing,
  waiting_case_rename: keepsString('contextId'),
});
const MAIN_MENU = { name: 'main_menu', data: {} } as const;

/** A context holding a stored row, recording what a handler saves. */
function chatWith(state: string | null, payload: Record<string, unknown> = {}) {
  const saved: Omit<ChatStateChange, 'botId' | 'chatId' | 'telegramUserId'>[] = [];
  const ctx = {
    chatState: { state, state_payload: payload },
    saveChatState: async (change: (typeof saved)[number]) => {
      saved.push(change);
    },
  } as unknown as PipelineContext;
  return { ctx, saved };
}

describe("a bot's typed chat states", () => {
  it('reads a stored state with the data its step keeps', () => {
    const { ctx } = chatWith('waiting_case_rename', { contextId: 'c-1', stray: 1 });
    expect(states.read(ctx)).toEqual({ name: 'waiting_case_rename', data: { contextId: 'c-1' } });
  });

  it('reads as no state a name this bot does not know, or data of another shape', () => {
    expect(states.read(chatWith('idle').ctx)).toBeNull();
    expect(states.read(chatWith('toString').ctx)).toBeNull();
    expect(states.read(chatWith(null).ctx)).toBeNull();
    expect(states.read(chatWith('waiting_case_rename', { contextId: 7 }).ctx)).toBeNull();
  });

  it('reads a state that keeps several strings, some of them only at times', () => {
    const session = defineChatStates({
      in_session: keepsStrings(['ownerId'], ['sessionId', 'awaiting']),
    });
    const read = (payload: Record<string, unknown>) =>
      session.read(chatWith('in_session', payload).ctx);
    expect(read({ ownerId: 'u-1', sessionId: 's-1', awaiting: 'r-1', stray: 1 })).toEqual({
      name: 'in_session',
      data: { ownerId: 'u-1', sessionId: 's-1', awaiting: 'r-1' },
    });
    expect(read({ ownerId: 'u-1', awaiting: 7 })).toEqual({
      name: 'in_session',
      data: { ownerId: 'u-1' },
    });
    expect(read({ sessionId: 's-1' })).toBeNull();
    expect(read({ ownerId: 7, sessionId: 's-1' })).toBeNull();
  });

  it('saves a state with its data, and changes only the case when asked to keep the state', async () => {
    const rename = chatWith('waiting_case_rename', { contextId: 'c-1' });
    await states.keep(rename.ctx, { contextId: 'c-2' }, MAIN_MENU);
    const stranger = chatWith('idle');
    await states.keep(stranger.ctx, { contextId: null }, MAIN_MENU);
    await states.enter(stranger.ctx, { name: 'waiting_case_rename', data: { contextId: 'c-3' } });
    expect(rename.saved).toEqual([
      { state: 'waiting_case_rename', statePayload: { contextId: 'c-1' }, contextId: 'c-2' },
    ]);
    expect(stranger.saved).toEqual([
      { state: 'main_menu', statePayload: {}, contextId: null },
      { state: 'waiting_case_rename', statePayload: { contextId: 'c-3' } },
    ]);
  });
});
