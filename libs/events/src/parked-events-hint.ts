/**
 * How the process was started, which decides the commands an operator is told to type:
 * `npm-start` (the local launcher sets PSYCHEOS_LAUNCHER for the processes it runs) or
 * `image` (a bot service's image: compose, Railway, Kubernetes).
 */
export type Launcher = 'npm-start' | 'image';

/**
 * The commands that list, replay and discard a bot's parked events, as they are typed where
 * the process runs: under npm start the image's flags (`--parked`) mean nothing to the
 * operator's shell, and in an image there is no `npm run`. `discard` ends with `<seq>`, the
 * `seq=` the list prints.
 */
export function parkedEventsCommands(
  launcher: Launcher,
  botId: string,
): { list: string; replay: string; discard: string } {
  return launcher === 'npm-start'
    ? {
        list: `npm run parked-events -- --bot ${botId}`,
        replay: `npm run parked-events -- --replay --bot ${botId}`,
        discard: `npm run parked-events -- --discard <seq> --bot ${botId}`,
      }
    : {
        list: 'node dist/main.js --parked',
        replay: 'node dist/main.js --replay-parked',
        discard: 'node dist/main.js --discard-parked <seq>',
      };
}

/** The /health problem for a bot's parked events, naming the commands that fit. */
export function parkedEventsProblem(count: number, launcher: Launcher, botId: string): string {
  const { list, replay, discard } = parkedEventsCommands(launcher, botId);
  return `${count} event(s) parked: list them with \`${list}\`, replay with \`${replay}\` once the cause is fixed, or discard one that can never be valid with \`${discard}\` (docs/OPERATIONS.md)`;
}
