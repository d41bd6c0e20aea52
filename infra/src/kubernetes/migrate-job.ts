import { Job } from 'kubernetes-models/batch/v1';
import { containerEnv } from './container-env';
import { labelsOf } from './labels';
import { CONTAINER_SECURITY, imageOf, POD_SECURITY } from './workload';

export const MIGRATE_JOB_NAME = 'psycheos-migrate';

/**
 * The release's one-shot migration (`node dist/main.js --migrate` in pro's image: any bot's
 * image holds the migrations), run and waited for before the new pods start, so a failing
 * migration stops the release instead of leaving pods in a crash loop (docs/DEPLOYMENT.md).
 * It needs only DATABASE_URL, the direct one. Its spec cannot change once created: a release
 * deletes the finished Job of the last one first.
 */
export function migrateJob(): Job {
  const labels = labelsOf('migrate');
  return new Job({
    metadata: { name: MIGRATE_JOB_NAME, labels },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 600,
      template: {
        metadata: { labels },
        spec: {
          ...POD_SECURITY,
          restartPolicy: 'Never',
          containers: [
            {
              name: 'migrate',
              image: imageOf('pro'),
              command: ['node', 'dist/main.js', '--migrate'],
              env: containerEnv('pro', [
                { name: 'DATABASE_URL', required: true },
                { name: 'LOG_LEVEL', required: false },
              ]),
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '256Mi' },
              },
              securityContext: CONTAINER_SECURITY,
            },
          ],
        },
      },
    },
  });
}
