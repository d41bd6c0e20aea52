import type { ParkedEventsMode } from './parked-events-command';

/** The image's flags for the parked-events command, by what each does. */
const IMAGE_FLAGS: Record<ParkedEventsMode, string> = {
  list: '--parked',
  replay: '--replay-parked',
  discard: '--discard-parked',
};

/**
 * Which parked-events command a bot service's image was started for (`node dist/main.js
 * --parked`, `--replay-parked`, `--discard-parked <seq>`), or undefined to serve. The flags
 * are read here, beside the command, so the image and `npm run parked-events` cannot drift
 * apart; `flag` is what the process's exit line names.
 */
export function parkedEventsImageCommand(
  argv: readonly string[],
): { mode: ParkedEventsMode; flag: string; streamSeq?: number } | undefined {
  const discardAt = argv.indexOf(IMAGE_FLAGS.discard);
  if (discardAt >= 0) {
    const seq = parseStreamSeq(argv[discardAt + 1]);
    return { mode: 'discard', flag: IMAGE_FLAGS.discard, streamSeq: seq };
  }
  if (argv.includes(IMAGE_FLAGS.replay)) return { mode: 'replay', flag: IMAGE_FLAGS.replay };
  if (argv.includes(IMAGE_FLAGS.list)) return { mode: 'list', flag: IMAGE_FLAGS.list };
  return undefined;
}

/** A parked event's `seq=` as an operator typed it; anything else is refused with what to type. */
export function parseStreamSeq(text: string | undefined): number {
  const seq = Number(text);
  if (!text || !/^\d+$/.test(text) || !Number.isSafeInteger(seq) || seq < 1) {
    throw new Error(
      `expected the seq= of a parked event (a positive number), got ${text === undefined ? 'nothing' : JSON.stringify(text)}`,
    );
  }
  return seq;
}
