import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PART_OF, ROLE_LABEL, type Role, SCRAPED_ROLES } from './labels';

const tcp = (port: number): INetworkPolicyPort => ({ protocol: 'TCP', port });
const ofRole = (role: Role) => ({ podSelector: { matchLabels: { [ROLE_LABEL]: role } } });

/**
 * PostgreSQL directly (5432) and through PgBouncer (6432; DATABASE_URL_POOLER). PostgreSQL
 * and NATS are outside this folder (a managed PostgreSQL, NATS from its Helm chart), so these
 * rules name ports, not addresses: narrow them with an ipBlock or a namespaceSelector where
 * the cluster knows where the stores are (docs/DEPLOYMENT.md, Kubernetes).
 */
const POSTGRES = [tcp(5432), tcp(6432)];
const NATS = [tcp(4222)];
/** Telegram's Bot API, Anthropic's API and Sentry: all HTTPS. */
const HTTPS = [tcp(443)];

/**
 * Who may talk to whom. Everything is refused unless a policy lets it through:
 * - only the gateway takes connections from outside the namespace (its port, from the
 *   ingress controller or load balancer in front of it);
 * - the bots and the dashboard take connections from the gateway alone;
 * - the bots reach PostgreSQL, NATS and HTTPS (Telegram, Anthropic, Sentry); the dashboard
 *   PostgreSQL and HTTPS (Sentry); the gateway the bots, the dashboard and HTTPS (Sentry);
 *   the migration PostgreSQL; every pod reaches the cluster's DNS.
 * - Prometheus in the namespace named `monitoring` reaches the gateway's and the bots' port
 *   for /metrics (behind METRICS_TOKEN when set); an overlay renames the namespace.
 */
export function networkPolicies(): NetworkPolicy[] {
  const policy = (name: string, spec: NetworkPolicy['spec']) =>
    new NetworkPolicy({ metadata: { name, labels: PART_OF }, spec });
  return [
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] }],
    }),
    policy('gateway', {
      podSelector: ofRole('gateway').podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [tcp(8080)] }],
      egress: [{ to: [ofRole('bot'), ofRole('dashboard')], ports: [tcp(8080)] }, { ports: HTTPS }],
    }),
    policy('bots', {
      podSelector: ofRole('bot').podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [ofRole('gateway')], ports: [tcp(8080)] }],
      egress: [{ ports: [...POSTGRES, ...NATS, ...HTTPS] }],
    }),
    policy('dashboard', {
      podSelector: ofRole('dashboard').podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [ofRole('gateway')], ports: [tcp(8080)] }],
      egress: [{ ports: [...POSTGRES, ...HTTPS] }],
    }),
    policy('migrate', {
      podSelector: ofRole('migrate').podSelector,
      policyTypes: ['Ingress', 'Egress'],
      // Migrations always use the direct DATABASE_URL, never the pooler.
      egress: [{ ports: [tcp(5432)] }],
    }),
    policy('metrics-scrape', {
      podSelector: {
        matchExpressions: [{ key: ROLE_LABEL, operator: 'In', values: [...SCRAPED_ROLES] }],
      },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE },
              },
            },
          ],
          ports: [tcp(8080)],
        },
      ],
    }),
  ];
}

/** Where the cluster's Prometheus runs (kube-prometheus-stack's usual namespace). */
export const MONITORING_NAMESPACE = 'monitoring';
