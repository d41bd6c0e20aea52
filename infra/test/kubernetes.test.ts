import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_IDS, SHUTDOWN_DEADLINE_MS } from '@psycheos/platform';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { type IContainer, type IEnvVar, Namespace, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEPLOYABLES, REPO_ROOT, variablesOf } from '../src/config/variables-read';
import { isSecretVariable } from '../src/kubernetes/container-env';
import { renderManifestFiles } from '../src/kubernetes/manifest-files';

const FOLDER = join(REPO_ROOT, 'infra', 'kubernetes');

/** Each kind the folder holds, with the model that knows its schema (Kubernetes' OpenAPI, bundled). */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'batch/v1/Job': Job,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

/** Every document of every committed file, as an object. */
function committedManifests(): { file: string; manifest: Manifest }[] {
  return readdirSync(FOLDER)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(FOLDER, file), 'utf8')).map((document) => ({
        file,
        manifest: document.toJS() as Manifest,
      })),
    );
}
const manifests = committedManifests();
const find = (kind: string, name: string) =>
  manifests.find(({ manifest }) => manifest.kind === kind && manifest.metadata.name === name)
    ?.manifest as Manifest;
const containerOf = (deployment: Manifest) =>
  (deployment.spec as { template: { spec: { containers: IContainer[] } } }).template.spec
    .containers[0] as IContainer;

describe('the Kubernetes manifests (infra/kubernetes)', () => {
  it('are what the code renders (npm run k8s:render writes them)', () => {
    const rendered = renderManifestFiles();
    const committed = readdirSync(FOLDER).filter((file) => file.endsWith('.yaml'));
    expect(committed.sort()).toEqual([...rendered.keys()].sort());
    for (const [file, text] of rendered) {
      expect(
        readFileSync(join(FOLDER, file), 'utf8'),
        `${file} is out of date: run npm run k8s:render`,
      ).toBe(text);
    }
  });

  it('are valid against the Kubernetes API schemas, each document of a kind we know', () => {
    const invalid = manifests.flatMap(({ file, manifest }) => {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      if (!Model)
        return [`${file}: ${manifest.apiVersion} ${manifest.kind} is not a kind we check`];
      try {
        new Model(manifest as never).validate();
        return [];
      } catch (error) {
        return [`${file}: ${manifest.kind} ${manifest.metadata.name}: ${(error as Error).message}`];
      }
    });
    expect(invalid).toEqual([]);
  });

  it('refuses, by the same check, a manifest the API server would refuse', () => {
    const deployment = structuredClone(find('Deployment', 'pro'));
    (deployment.spec as { replicas?: unknown }).replicas = 'two';
    expect(() => new Deployment(deployment as never).validate()).toThrow(
      /replicas must be integer/,
    );
  });

  it('runs every deployable with a Service, an autoscaler on CPU and a disruption budget', () => {
    for (const name of DEPLOYABLES) {
      expect(find('Deployment', name), name).toBeDefined();
      expect(find('Service', name), name).toBeDefined();
      expect(find('HorizontalPodAutoscaler', name)?.spec).toMatchObject({
        scaleTargetRef: { kind: 'Deployment', name },
        minReplicas: 2,
        metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
      });
      expect(find('PodDisruptionBudget', name)?.spec).toMatchObject({ minAvailable: 1 });
    }
  });

  it('passes every variable a deployable reads to its pods, its secrets by reference only', () => {
    const leftToTheImage = ['HOST', 'PORT', 'NODE_ENV', 'SERVICE_URL_PLAYGROUND'];
    for (const name of DEPLOYABLES) {
      const env = containerOf(find('Deployment', name)).env as IEnvVar[];
      const passed = env.map((variable) => variable.name);
      const read = variablesOf(name)
        .map((use) => use.name)
        .filter((variable) => !leftToTheImage.includes(variable));
      // Out of date: run `npm run k8s:render` (infra/src/kubernetes/container-env.ts).
      expect(passed.sort(), name).toEqual([...read, 'NODE_OPTIONS'].sort());
      for (const variable of env.filter(({ name: key }) => isSecretVariable(key))) {
        expect(variable.value, `${name}: ${variable.name}`).toBeUndefined();
        expect(variable.valueFrom?.secretKeyRef, `${name}: ${variable.name}`).toMatchObject({
          name: 'psycheos',
          key: variable.name,
        });
      }
    }
    const gateway = containerOf(find('Deployment', 'gateway')).env as IEnvVar[];
    expect(gateway.find((variable) => variable.name === 'SERVICE_URL_PRO')?.value).toBe(
      'http://pro:8080',
    );
    const proToken = (containerOf(find('Deployment', 'pro')).env as IEnvVar[]).find(
      (variable) => variable.name === 'TG_TOKEN_PRO',
    );
    // Required: the pod does not start without it, as the service would not.
    expect(proToken?.valueFrom?.secretKeyRef?.optional).toBe(false);
  });

  it('lets a pod finish its shutdown: the grace period is above the drain and the 25 s deadline', () => {
    for (const name of DEPLOYABLES) {
      const pod = (find('Deployment', name).spec as { template: { spec: Record<string, unknown> } })
        .template.spec;
      const drain = Number(
        containerOf(find('Deployment', name)).lifecycle?.preStop?.exec?.command?.[1],
      );
      expect(pod.terminationGracePeriodSeconds, name).toBeGreaterThan(
        drain + SHUTDOWN_DEADLINE_MS / 1000,
      );
    }
  });

  it('is ready on /health, and alive while it answers at all', () => {
    for (const name of DEPLOYABLES) {
      const container = containerOf(find('Deployment', name));
      expect(container.readinessProbe?.httpGet?.path, name).toBe('/health');
      expect(container.livenessProbe?.exec?.command?.join(' '), name).toContain('/health');
    }
  });

  it('lets the gateway alone be reached from outside, and the bots reach only the stores, DNS and HTTPS', () => {
    const policies = manifests
      .filter(({ manifest }) => manifest.kind === 'NetworkPolicy')
      .map(({ manifest }) => manifest as unknown as NetworkPolicy);
    const byName = (name: string) => policies.find((policy) => policy.metadata?.name === name);
    expect(byName('default-deny')?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const openToAnyone = policies.filter((policy) =>
      (policy.spec?.ingress ?? []).some((rule) => !rule.from),
    );
    expect(openToAnyone.map((policy) => policy.metadata?.name)).toEqual(['gateway']);
    const bots = byName('bots')?.spec;
    expect(bots?.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'psycheos.app/role': 'gateway' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    const ports = (bots?.egress ?? []).flatMap((rule) => rule.ports ?? []).map((port) => port.port);
    expect(ports.sort((a, b) => Number(a) - Number(b))).toEqual([443, 4222, 5432, 6432]);
    expect(byName('dns')?.spec?.egress?.[0]?.ports?.map((port) => port.port)).toEqual([53, 53]);
    // Every pod of the platform is under a policy that names its role.
    const roles = new Set(
      policies.map((policy) => policy.spec?.podSelector?.matchLabels?.['psycheos.app/role']),
    );
    for (const role of ['gateway', 'bot', 'dashboard', 'migrate']) expect(roles).toContain(role);
  });

  it('lets Prometheus in the monitoring namespace scrape the gateway and the bots, nothing else', () => {
    const policies = manifests
      .filter(({ manifest }) => manifest.kind === 'NetworkPolicy')
      .map(({ manifest }) => manifest as unknown as NetworkPolicy);
    const scrape = policies.find((policy) => policy.metadata?.name === 'metrics-scrape')?.spec;
    expect(scrape?.podSelector?.matchExpressions).toEqual([
      { key: 'psycheos.app/role', operator: 'In', values: ['gateway', 'bot'] },
    ]);
    expect(scrape?.ingress).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    const deployments = manifests
      .filter(({ manifest }) => manifest.kind === 'Deployment')
      .map(({ manifest }) => manifest as unknown as Deployment);
    const annotated = deployments
      .filter(
        (deployment) =>
          deployment.spec?.template.metadata?.annotations?.['prometheus.io/scrape'] === 'true',
      )
      .map((deployment) => deployment.metadata?.name)
      .sort();
    expect(annotated).toEqual([...BOT_IDS, 'gateway'].sort());
  });

  it('migrates with a Job in a bot image, before the new pods, from DATABASE_URL only', () => {
    const job = find('Job', 'psycheos-migrate');
    const container = (job.spec as { template: { spec: { containers: IContainer[] } } }).template
      .spec.containers[0] as IContainer;
    expect(container.command).toEqual(['node', 'dist/main.js', '--migrate']);
    expect(BOT_IDS.map((bot) => `psycheos-${bot}`)).toContain(container.image);
    expect(container.env?.find((variable) => variable.name === 'DATABASE_URL')?.valueFrom).toEqual({
      secretKeyRef: { name: 'psycheos', key: 'DATABASE_URL', optional: false },
    });
  });

  it('builds with kubectl kustomize, every file listed in the kustomization', () => {
    let built: string;
    try {
      built = execFileSync('kubectl', ['kustomize', FOLDER], { encoding: 'utf8' });
    } catch (error) {
      const { code } = error as { code?: string };
      if (code === 'ENOENT') {
        throw new Error(
          'kubectl is not installed: apt-get install kubernetes-client (Debian), or kubectl from kubernetes.io',
        );
      }
      throw error;
    }
    const documents = parseAllDocuments(built).map((document) => document.toJS() as Manifest);
    expect(documents).toHaveLength(manifests.length);
    for (const document of documents) {
      if (document.kind !== 'Namespace') {
        expect(
          (document.metadata as { namespace?: string }).namespace,
          `${document.kind} ${document.metadata.name}`,
        ).toBe('psycheos');
      }
    }
  }, 60_000);
});
