import { SHUTDOWN_DEADLINE_MS } from '@psycheos/platform';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IPodSpec } from 'kubernetes-models/v1';
import { Service } from 'kubernetes-models/v1';
import { type Deployable, variablesOf } from '../config/variables-read';
import { containerEnv, fromConfigMap } from './container-env';
import { labelsOf, scrapeAnnotationsOf, selectorOf } from './labels';

/**
 * How long a pod waits after it is told to stop before it stops taking connections: the
 * time for the Service to drop it from its endpoints, so nothing is sent to a port that has
 * just closed (a rolling update would otherwise cost some updates a 5xx and a redelivery).
 */
export const DRAIN_SECONDS = 5;
/**
 * Above the drain and a service's own shutdown deadline (SHUTDOWN_DEADLINE_MS, 25 s: it
 * finishes the updates in flight, then exits, and gives up with exit 1 at 25 s), so the
 * kubelet's SIGKILL never cuts a shutdown short.
 */
export const TERMINATION_GRACE_SECONDS = DRAIN_SECONDS + SHUTDOWN_DEADLINE_MS / 1000 + 5;

/**
 * Replicas and CPU per deployable. The figures behind them are in docs/DEPLOYMENT.md
 * (Capacity): pro spends about 1-1.5 ms of CPU per update, so a quarter of a core is about
 * 150-250 updates a second; the AI tools mostly wait for the model, and a tool's replica
 * runs AI_JOB_CONCURRENCY requests at once, so CPU is a weak signal for them and their
 * ceiling is the model's rate. Two replicas at least: one pod lost must not stop a bot.
 */
const SIZES: Record<Deployable, { cpu: string; minReplicas: number; maxReplicas: number }> = {
  gateway: { cpu: '250m', minReplicas: 2, maxReplicas: 6 },
  pro: { cpu: '250m', minReplicas: 2, maxReplicas: 10 },
  screen: { cpu: '250m', minReplicas: 2, maxReplicas: 10 },
  interpretator: { cpu: '200m', minReplicas: 2, maxReplicas: 6 },
  conceptualizator: { cpu: '200m', minReplicas: 2, maxReplicas: 6 },
  simulator: { cpu: '200m', minReplicas: 2, maxReplicas: 6 },
  webapp: { cpu: '100m', minReplicas: 2, maxReplicas: 4 },
};

/** The HorizontalPodAutoscaler adds a replica when the pods' CPU passes this share of their request. */
const CPU_TARGET_PERCENT = 70;

/**
 * Alive means: the process answers HTTP on its port within 4 s, whatever the status. Not
 * /health's status: a bot's /health answers 503 while the database is out of reach, and
 * restarting every pod for that would turn a database outage into a crash loop. Ready (below)
 * is /health's status: a pod that cannot reach the database gets no updates.
 */
const ANSWERS_AT_ALL = [
  'node',
  '-e',
  "fetch('http://127.0.0.1:8080/health', { signal: AbortSignal.timeout(4000) }).then(() => process.exit(0), () => process.exit(1))",
];

/** The service's image, built by infra/Dockerfile with SERVICE=<deployable>; kustomize sets its registry and tag. */
export const imageOf = (deployable: Deployable) => `psycheos-${deployable}`;

/** Who the containers run as: the image's unprivileged `node` user, nothing it can escalate to. */
export const POD_SECURITY: Pick<IPodSpec, 'securityContext' | 'automountServiceAccountToken'> = {
  // No pod of the platform talks to the Kubernetes API.
  automountServiceAccountToken: false,
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  },
};
export const CONTAINER_SECURITY: IContainer['securityContext'] = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/**
 * One deployable on Kubernetes: its Deployment (the pods), its Service (their address in
 * the namespace, which the gateway forwards to), a HorizontalPodAutoscaler on CPU, and a
 * PodDisruptionBudget that keeps one pod serving through a node's drain.
 */
export function workloadOf(deployable: Deployable) {
  const size = SIZES[deployable];
  const labels = labelsOf(deployable);
  const container: IContainer = {
    name: deployable,
    image: imageOf(deployable),
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [...containerEnv(deployable, variablesOf(deployable)), fromConfigMap('NODE_OPTIONS')],
    // The image caps the heap at 96 MB; a service's RSS under load is 107-140 MB
    // (docs/BENCHMARKS.md), and the liveness probe's node adds about 40 MB while it runs.
    resources: { requests: { cpu: size.cpu, memory: '192Mi' }, limits: { memory: '320Mi' } },
    readinessProbe: {
      httpGet: { path: '/health', port: 'http' },
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 2,
    },
    livenessProbe: {
      exec: { command: ANSWERS_AT_ALL },
      initialDelaySeconds: 30,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    lifecycle: { preStop: { exec: { command: ['sleep', String(DRAIN_SECONDS)] } } },
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
  return [
    new Deployment({
      metadata: { name: deployable, labels },
      spec: {
        // No replicas here: the autoscaler owns the number (minReplicas at first), and a
        // re-applied manifest must not reset it.
        selector: { matchLabels: selectorOf(deployable) },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          // Scraped where the cluster's Prometheus looks for these annotations; the network
          // policy `metrics-scrape` lets the `monitoring` namespace reach the port.
          metadata: { labels, annotations: scrapeAnnotationsOf(deployable) },
          spec: {
            ...POD_SECURITY,
            terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
            containers: [container],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
            // Replicas on different nodes where the cluster has them: a node lost is not a bot lost.
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'kubernetes.io/hostname',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selectorOf(deployable) },
              },
            ],
          },
        },
      },
    }),
    new Service({
      metadata: { name: deployable, labels },
      spec: {
        selector: selectorOf(deployable),
        ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
      },
    }),
    new HorizontalPodAutoscaler({
      metadata: { name: deployable, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployable },
        minReplicas: size.minReplicas,
        maxReplicas: size.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: CPU_TARGET_PERCENT },
            },
          },
        ],
      },
    }),
    new PodDisruptionBudget({
      metadata: { name: deployable, labels },
      spec: { minAvailable: 1, selector: { matchLabels: selectorOf(deployable) } },
    }),
  ];
}
