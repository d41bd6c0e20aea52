import { Namespace } from 'kubernetes-models/v1';
import { stringify } from 'yaml';
import { DEPLOYABLES } from '../config/variables-read';
import { PART_OF } from './labels';
import { migrateJob } from './migrate-job';
import { networkPolicies } from './network-policies';
import { workloadOf } from './workload';

export const NAMESPACE = 'psycheos';

/** Anything with the JSON a manifest holds: the models of kubernetes-models, or a plain object. */
type Manifest = { toJSON(): unknown } | Record<string, unknown>;

const header = (what: string) =>
  `# ${what}
# Written by \`npm run k8s:render\` from the code (infra/src/kubernetes/); do not edit:
# infra/test/kubernetes.test.ts fails while this file differs from what the code renders.
# How to apply: docs/DEPLOYMENT.md, "Kubernetes".
`;

function yamlOf(what: string, manifests: readonly Manifest[]): string {
  const documents = manifests.map((manifest) =>
    stringify(
      'toJSON' in manifest && typeof manifest.toJSON === 'function' ? manifest.toJSON() : manifest,
      {
        lineWidth: 0,
      },
    ),
  );
  return `${header(what)}${documents.join('---\n')}`;
}

/**
 * Every file of infra/kubernetes/, by name: the namespace, one file per deployable (its
 * Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget), the network
 * policies, the migration Job, and the kustomization that lists them.
 */
export function renderManifestFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'namespace.yaml',
    yamlOf('The namespace, held to the "restricted" Pod Security Standard.', [
      new Namespace({
        metadata: {
          name: NAMESPACE,
          labels: { ...PART_OF, 'pod-security.kubernetes.io/enforce': 'restricted' },
        },
      }),
    ]),
  );
  for (const deployable of DEPLOYABLES) {
    files.set(
      `${deployable}.yaml`,
      yamlOf(
        `${deployable}: its Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget.`,
        workloadOf(deployable),
      ),
    );
  }
  files.set(
    'network-policies.yaml',
    yamlOf('Who may talk to whom: only the gateway is reached from outside.', networkPolicies()),
  );
  files.set(
    'migrate-job.yaml',
    yamlOf("The release's migration, run and waited for before the new pods.", [migrateJob()]),
  );
  const resources = [...files.keys()];
  files.set(
    'kustomization.yaml',
    yamlOf('Every file of this folder, in one namespace: `kubectl apply -k infra/kubernetes`.', [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: NAMESPACE,
        resources,
      },
    ]),
  );
  return files;
}
