import type { ChatStateChange } from './chat-state';
import type { PipelineContext } from './pipeline-context';

/** Reads the data a state keeps out of its stored JSON; null when it is not that state's shape. */
export type StateData<D> = (stored: Record<string, unknown>) => D | null;

/** A bot's states by name, each with the reader of the data its step keeps. */
export type StateShapes = Record<string, StateData<object>>;

/** One of the bot's states with its data, as a union a `switch (state.name)` narrows. */
export type StateOf<S extends StateShapes> = {
  [K in keyof S & string]: { name: K; data: NonNullable<ReturnType<S[K]>> };
}[keyof S & string];

/** The reader of a state that keeps nothing. */
export const keepsNothing: StateData<Record<string, never>> = () => ({});

/** The reader of a state that keeps one string under `key` (a case or a session id). */
export const keepsString =
  <K extends string>(key: K): StateData<Record<K, string>> =>
  (stored) => {
    const value = stored[key];
    return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : null;
  };

/**
 * The reader of a state that keeps several strings: every `required` one must be there, and
 * an `optional` one is kept when it is a string and left out otherwise (a key an older
 * release did not write yet, or one a step sets and clears within the state).
 */
export const keepsStrings =
  <const K extends string, const O extends string = never>(
    required: readonly K[],
    optional: readonly O[] = [],
  ): StateData<Record<K, string> & Partial<Record<O, string>>> =>
  (stored) => {
    const data: Record<string, string> = {};
    for (const key of required) {
      const value = stored[key];
      if (typeof value !== 'string') return null;
      data[key] = value;
    }
    for (const key of optional) {
      const value = stored[key];
      if (typeof value === 'string') data[key] = value;
    }
    return data as Record<K, string> & Partial<Record<O, string>>;
  };

/** What a state change may set besides the state: the chat's case and the sender's role. */
type Alongside = Pick<ChatStateChange, 'contextId' | 'role'>;

export interface ChatStates<S extends StateShapes> {
  /**
   * The chat's state as this bot knows it, or null: a new chat, or a row this release does
   * not know (a state an older release wrote, or data of another shape). A handler never
   * trusts a bare string or an untyped payload.
   */
  read(ctx: PipelineContext): StateOf<S> | null;
  /** Moves the chat to `state`, with what it keeps, in the update's transaction. */
  enter(ctx: PipelineContext, state: StateOf<S>, alongside?: Alongside): Promise<void>;
  /** Changes only the chat's case or role, keeping its state and data as they are. */
  keep(ctx: PipelineContext, alongside: Alongside, otherwise: StateOf<S>): Promise<void>;
}

/**
 * A bot's chat states, typed: bot_chat_state keeps a name and a JSON object, and this is
 * the one place that turns them into the bot's union and back.
 */
export function defineChatStates<S extends StateShapes>(shapes: S): ChatStates<S> {
  const read = (ctx: PipelineContext): StateOf<S> | null => {
    const row = ctx.chatState;
    if (!row?.state || !Object.hasOwn(shapes, row.state)) return null;
    const data = shapes[row.state]?.(row.state_payload ?? {});
    return data ? ({ name: row.state, data } as StateOf<S>) : null;
  };
  const enter = async (ctx: PipelineContext, state: StateOf<S>, alongside: Alongside = {}) => {
    await ctx.saveChatState({ state: state.name, statePayload: { ...state.data }, ...alongside });
  };
  return {
    read,
    enter,
    keep: (ctx, alongside, otherwise) => enter(ctx, read(ctx) ?? otherwise, alongside),
  };
}
