import type { IEnvVar } from 'kubernetes-models/v1';
import type { Deployable, VariableUse } from '../config/variables-read';

/** The Secret every deployable reads its secrets from, one key per variable; made by the operator. */
export const SECRET_NAME = 'psycheos';
/** The ConfigMap every deployable reads the rest of its settings from, each optional; made by the operator. */
export const CONFIG_MAP_NAME = 'psycheos-config';

/**
 * Variables that hold a credential, or a URL that may carry one (DATABASE_URL, NATS_URL,
 * SENTRY_DSN): they come from the Secret by reference and never stand in a manifest.
 */
export function isSecretVariable(name: string): boolean {
  return (
    /^TG_(TOKEN|WEBHOOK_SECRET)_/.test(name) ||
    ['DATABASE_URL', 'DATABASE_URL_POOLER', 'NATS_URL', 'ANTHROPIC_API_KEY'].includes(name) ||
    ['METRICS_TOKEN', 'SENTRY_DSN'].includes(name)
  );
}

/**
 * Not passed at all: the image sets HOST, PORT and NODE_ENV (production), and the playground
 * never runs in a cluster.
 */
const LEFT_TO_THE_IMAGE = new Set(['HOST', 'PORT', 'NODE_ENV', 'SERVICE_URL_PLAYGROUND']);

/** The gateway's `SERVICE_URL_PRO` is the pro Service's address in the namespace: kube-proxy spreads it over pro's ready pods. */
const ROUTE = /^SERVICE_URL_([A-Z]+)$/;

/**
 * A container's environment, variable by variable, from what the deployable's code reads
 * (config/variables-read.ts), as the compose files are: a required secret must be in the
 * Secret (the pod does not start without it), an optional one is passed when the Secret
 * has it, every other setting when the ConfigMap has it (unset, the code's default holds).
 * So a variable added to a service's configuration reaches its pods without editing YAML.
 */
export function containerEnv(deployable: Deployable, uses: readonly VariableUse[]): IEnvVar[] {
  return uses.flatMap((use): IEnvVar[] => {
    if (LEFT_TO_THE_IMAGE.has(use.name)) return [];
    const route = ROUTE.exec(use.name)?.[1];
    if (deployable === 'gateway' && route) {
      return [{ name: use.name, value: `http://${route.toLowerCase()}:8080` }];
    }
    if (isSecretVariable(use.name)) {
      const secretKeyRef = { name: SECRET_NAME, key: use.name, optional: !use.required };
      return [{ name: use.name, valueFrom: { secretKeyRef } }];
    }
    return [fromConfigMap(use.name)];
  });
}

/** A setting the operator may put in the ConfigMap; absent, the code's default (or the image's) holds. */
export function fromConfigMap(name: string): IEnvVar {
  return {
    name,
    valueFrom: { configMapKeyRef: { name: CONFIG_MAP_NAME, key: name, optional: true } },
  };
}
