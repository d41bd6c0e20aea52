const COLORS = [36, 33, 35, 32, 34, 31, 96, 93];
let nextColor = 0;

/**
 * A writer that prefixes every line with a padded, coloured name, as `docker compose up`
 * does; wide enough for a bot's replica (`conceptualizator#2`).
 */
export function prefixedWriter(name: string, width = 19): (line: string) => void {
  const color = COLORS[nextColor++ % COLORS.length];
  const label = `${name.padEnd(width)}|`;
  const prefix = process.stdout.isTTY ? `\u001b[${color}m${label}\u001b[0m` : label;
  return (line) => {
    process.stdout.write(`${prefix} ${line}\n`);
  };
}
