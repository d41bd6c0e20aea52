import type { RecordedCall } from '@psycheos/local-bot-api';
import type { BotId } from '@psycheos/platform';
import type { NpmStart } from '@psycheos/testkit';
import { vi } from 'vitest';
import { BOTS } from './bots';
import { literal } from './patterns';

/** One copy of a bot under `PSYCHEOS_REPLICAS`, as npm start announced it. */
export interface Replica {
  /** `pro#1`, `pro#2`, ...: its name in npm start's output. */
  name: string;
  /** Its loopback port, kept across its restarts. */
  port: number;
  /** Its current process. */
  pid: number;
}

/** The copies of `bot` npm start runs, from its lines (`pro: 2 replicas, on ports 41001, 41002`). */
export function replicasOf(run: NpmStart, bot: BotId): Replica[] {
  const announced = new RegExp(`^platform\\s*\\| ${bot}: \\d+ replicas, on ports ([\\d, ]+)$`);
  const ports = run.lines
    .map((line) => announced.exec(line)?.[1])
    .find(Boolean)
    ?.split(', ')
    .map(Number);
  if (!ports) throw new Error(`npm start did not run ${bot} as replicas`);
  return ports.map((port, index) => {
    const name = `${bot}#${index + 1}`;
    const started = run.lines.findLast((line) =>
      new RegExp(`^platform\\s*\\| ${literal(name)} started \\(pid \\d+\\)$`).test(line),
    );
    return { name, port, pid: Number(started?.match(/\(pid (\d+)\)/)?.[1]) };
  });
}

/**
 * The replica that sends the bot's replies now: the one whose own /health says
 * `reply_sender: "active"` (the others stand by for the lease).
 */
export async function activeSender(run: NpmStart, bot: BotId): Promise<Replica> {
  return vi.waitFor(
    async () => {
      const replicas = replicasOf(run, bot);
      const roles = await Promise.all(
        replicas.map(async (replica) => {
          const response = await fetch(`http://127.0.0.1:${replica.port}/health`);
          return ((await response.json()) as { reply_sender?: string }).reply_sender;
        }),
      );
      const active = replicas.filter((_, index) => roles[index] === 'active');
      if (active.length !== 1) throw new Error(`${bot}'s senders: ${roles.join(', ')}`);
      return active[0] as Replica;
    },
    { timeout: 30_000, interval: 200 },
  );
}

/** SIGKILL, as the out-of-memory killer or a lost host does it; resolves once npm start saw it die. */
export async function killReplica(run: NpmStart, replica: Replica): Promise<void> {
  process.kill(replica.pid, 'SIGKILL');
  await run.line(new RegExp(`\\| ${literal(replica.name)} exited \\(SIGKILL\\)`), 30_000);
}

/** What the reply outbox sends, one row each; answers to presses, drafts and chat actions are not stored. */
const STORED_METHODS = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'sendPhoto',
]);

/**
 * The stored calls `bot` made again because its sender was killed when the Bot API's record
 * stood at `killedAt`. A sender sends each chat's rows in order, one at a time, and deletes
 * a row only after Telegram took it; so the rows a killed sender had sent but not deleted are
 * each chat's last calls before the kill, and the next sender sends them again, in the same
 * order, as that chat's first calls after it. For each chat: the longest run of calls right
 * after `killedAt` that repeats, call for call, the run right before it. Returns the copies.
 */
export function sentAgainAfterKill(
  calls: readonly RecordedCall[],
  bot: BotId,
  killedAt: number,
): RecordedCall[] {
  const { token } = BOTS[bot];
  const chats = new Map<unknown, { before: RecordedCall[]; after: RecordedCall[] }>();
  calls.forEach((call, position) => {
    if (call.token !== token || !STORED_METHODS.has(call.method)) return;
    const chat = chats.get(call.params.chat_id) ?? { before: [], after: [] };
    chats.set(call.params.chat_id, chat);
    (position < killedAt ? chat.before : chat.after).push(call);
  });
  return [...chats.values()].flatMap(({ before, after }) => {
    for (let run = Math.min(before.length, after.length); run > 0; run--) {
      const last = before.slice(-run);
      const first = after.slice(0, run);
      if (first.every((call, index) => isSameCall(call, last[index] as RecordedCall))) return first;
    }
    return [];
  });
}

const isSameCall = (a: RecordedCall, b: RecordedCall) =>
  a.method === b.method && JSON.stringify(a.params) === JSON.stringify(b.params);
