import { isBotId } from '@psycheos/platform';

/**
 * What a pod is to the network policies: the gateway (the one way in), a bot (reaches the
 * stores and Telegram), the dashboard (reaches the database), or the migration.
 */
export type Role = 'gateway' | 'bot' | 'dashboard' | 'migrate';

export const ROLE_LABEL = 'psycheos.app/role';

/** What every object of the platform carries, whatever it is. */
export const PART_OF = { 'app.kubernetes.io/part-of': 'psycheos' };

/** `name`: a deployable (gateway, webapp, a bot) or `migrate`, the migration Job. */
export function roleOf(name: string): Role {
  if (name === 'gateway' || name === 'migrate') return name;
  if (name === 'webapp') return 'dashboard';
  if (isBotId(name)) return 'bot';
  throw new Error(`${name} is not a part of the platform`);
}

/** The labels every object of `name` and its pods carry. */
export function labelsOf(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, ...PART_OF, [ROLE_LABEL]: roleOf(name) };
}

/** The label that picks `name`'s pods, and nothing else's. */
export function selectorOf(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}

/**
 * The roles that serve Prometheus metrics on their port (/metrics; the dashboard has none).
 * Their pods carry the prometheus.io annotations most scrape configurations discover pods by.
 */
export const SCRAPED_ROLES: readonly Role[] = ['gateway', 'bot'];

/** The conventional annotations of a pod to scrape, or none for a role without metrics. */
export function scrapeAnnotationsOf(name: string): Record<string, string> {
  if (!SCRAPED_ROLES.includes(roleOf(name))) return {};
  return {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': '8080',
    'prometheus.io/path': '/metrics',
  };
}
