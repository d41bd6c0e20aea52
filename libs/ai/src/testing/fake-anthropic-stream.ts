/** The answer a scripted reply makes, whole or as the Messages API streams it. */
import type { ServerResponse } from 'node:http';
import {
  chunksOf,
  ERROR_MESSAGES,
  type FakeErrorReply,
  type FakeReply,
} from './fake-anthropic-replies';
import { countTokens, type FakeUsage } from './fake-anthropic-usage';

const DEFAULT_CHUNK = 16;

export const sleep = (ms: number) =>
  ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/** A reply that produces an answer (text, tool use, or the start of one that fails). */
export type AnsweringReply = Exclude<FakeReply, FakeErrorReply | { hang: true }>;

interface PlannedBlock {
  /** The block as a non-streamed answer holds it. */
  final: Record<string, unknown>;
  /** The block as content_block_start opens it. */
  start: Record<string, unknown>;
  deltas: Record<string, unknown>[];
}

export interface PlannedAnswer {
  blocks: PlannedBlock[];
  stopReason: string;
  outputTokens: number;
  chunkCount: number;
}

export function planAnswer(
  body: Record<string, unknown>,
  reply: AnsweringReply,
  toolId: string,
): PlannedAnswer {
  const size = reply.chunkSize ?? DEFAULT_CHUNK;
  const blocks: PlannedBlock[] = [];
  const text = reply.text ?? '';
  if (text || !('toolUse' in reply)) {
    blocks.push({
      final: { type: 'text', text, citations: null },
      start: { type: 'text', text: '', citations: null },
      deltas: chunksOf(text, size).map((chunk) => ({ type: 'text_delta', text: chunk })),
    });
  }
  let outputTokens = countTokens(text);
  let stopReason: string = 'stopReason' in reply ? (reply.stopReason ?? 'end_turn') : 'end_turn';
  if ('toolUse' in reply) {
    const choice = body.tool_choice as { name?: string } | undefined;
    const name = reply.toolUse.name ?? choice?.name ?? 'tool';
    const json = JSON.stringify(reply.toolUse.input);
    blocks.push({
      final: { type: 'tool_use', id: toolId, name, input: reply.toolUse.input, caller: null },
      start: { type: 'tool_use', id: toolId, name, input: {}, caller: null },
      deltas: chunksOf(json, size).map((chunk) => ({
        type: 'input_json_delta',
        partial_json: chunk,
      })),
    });
    outputTokens += countTokens(json);
    stopReason = 'tool_use';
  }
  const chunkCount = blocks.reduce((sum, block) => sum + block.deltas.length, 0);
  return { blocks, stopReason, outputTokens: Math.max(outputTokens, 1), chunkCount };
}

export async function streamAnswer(
  response: ServerResponse,
  parts: {
    message: Record<string, unknown>;
    usage: FakeUsage;
    answer: PlannedAnswer;
    reply: AnsweringReply;
  },
) {
  const { message, usage, answer, reply } = parts;
  const isGone = () => response.destroyed || response.writableEnded;
  const send = (event: string, data: Record<string, unknown>) => {
    if (!isGone()) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const startUsage = { ...usage, output_tokens: 1 };
  send('message_start', {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: startUsage },
  });
  send('ping', { type: 'ping' });
  const stopAfter =
    'cutAfterChunks' in reply
      ? reply.cutAfterChunks
      : 'streamError' in reply
        ? (reply.afterChunks ?? 1)
        : Number.POSITIVE_INFINITY;
  let sent = 0;
  await sleep(reply.firstTokenDelayMs ?? 0);
  for (const [index, block] of answer.blocks.entries()) {
    send('content_block_start', { type: 'content_block_start', index, content_block: block.start });
    for (const delta of block.deltas) {
      if (sent >= stopAfter) return endEarly(response, reply, send);
      if (sent > 0) await sleep(reply.chunkDelayMs ?? 0);
      if (isGone()) return;
      send('content_block_delta', { type: 'content_block_delta', index, delta });
      sent++;
    }
    if (sent >= stopAfter) return endEarly(response, reply, send);
    send('content_block_stop', { type: 'content_block_stop', index });
  }
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: answer.stopReason, stop_sequence: null },
    usage,
  });
  send('message_stop', { type: 'message_stop' });
  response.end();
}

function endEarly(
  response: ServerResponse,
  reply: FakeReply,
  send: (event: string, data: Record<string, unknown>) => void,
) {
  if ('streamError' in reply) {
    const type = reply.streamError;
    send('error', { type: 'error', error: { type, message: ERROR_MESSAGES[type] } });
    response.end();
    return;
  }
  // The connection dies: no error event, no message_stop, no end of the chunked body, as
  // when a proxy drops it. Ending the socket (not destroying it) lets what was sent arrive.
  response.socket?.end();
}
