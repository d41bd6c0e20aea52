import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiAnswer, methodNotFound } from '../api-answer';
import type { FloodLimits } from '../flood-limits';
import type { RecordedCall } from '../recording';
import { mediaMethods } from './media-methods';
import { messageMethods } from './message-methods';
import type { MethodContext, MethodTable } from './method-context';
import { paymentMethods } from './payment-methods';
import { setupMethods } from './setup-methods';

/** Every Bot API method this API speaks; any other is answered 404, as Telegram does. */
export const BOT_API_METHODS: MethodTable = {
  ...setupMethods,
  ...messageMethods,
  ...mediaMethods,
  ...paymentMethods,
};

/**
 * One call's way through the API: recorded, held while a test's gate holds it, delayed if a
 * test asked for latency, answered by a test's substitute if there is one, else held to the
 * flood limits and then to the method's own rules.
 */
export function createCallAnswerer(context: MethodContext, floodLimits: FloodLimits | undefined) {
  return async (call: RecordedCall): Promise<ApiAnswer> => {
    context.bots.noteCaller(call.token);
    context.recording.record(call);
    await context.recording.passGates(call);
    const latencyMs = context.recording.latencyMs();
    if (latencyMs > 0) await sleep(latencyMs);
    const substitute = context.recording.substituteAnswer(call);
    if (substitute) return substitute;
    const flood = floodLimits?.refuse(call.token, call.method, call.params.chat_id);
    if (flood) return flood;
    const method = Object.hasOwn(BOT_API_METHODS, call.method)
      ? BOT_API_METHODS[call.method]
      : undefined;
    return method ? method(call, context) : methodNotFound;
  };
}
