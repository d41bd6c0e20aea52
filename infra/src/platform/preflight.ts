import { loadServiceConfig } from '@psycheos/bot-runtime';
import { type BotId, ConfigError, envSuffix, loadGatewayConfig } from '@psycheos/platform';

/**
 * Reads every process's configuration before anything starts, as each process will read it,
 * so a mistake (a secret too short, one secret given to two bots, a malformed number) is one
 * line now rather than a service that crashes at start until the launcher gives up on it.
 * The addresses the launcher fills in itself (the database, the services) stand in as
 * placeholders.
 */
export function checkConfiguration(
  env: Readonly<Record<string, string | undefined>>,
  enabledBots: readonly BotId[],
): void {
  const problems = new Set<string>();
  const collect = (load: () => unknown) => {
    try {
      load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) problems.add(problem);
    }
  };
  const launched = {
    ...env,
    DATABASE_URL: env.DATABASE_URL || 'postgresql://launcher@127.0.0.1:5432/preflight',
    HOST: '127.0.0.1',
    PORT: '8080',
  };
  for (const botId of enabledBots) collect(() => loadServiceConfig(botId, launched));
  const gatewayEnv: Record<string, string | undefined> = { ...env };
  for (const botId of enabledBots) {
    gatewayEnv[`SERVICE_URL_${envSuffix(botId)}`] = 'http://127.0.0.1:8081';
  }
  collect(() => loadGatewayConfig(gatewayEnv));
  if (problems.size > 0) throw new ConfigError([...problems]);
}
