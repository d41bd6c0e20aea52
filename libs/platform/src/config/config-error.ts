/**
 * A configuration problem an operator must fix. Its message names the variables
 * and says what is wrong with them, never what their values are.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}
