export { enqueueJob, type JobRequest } from './enqueue-job';
export { enqueueJobQuietly } from './enqueue-job-quietly';
export { installJobQueueSchema } from './job-queue-schema';
export { type JobContext, type JobHandler, type JobRunner, startJobRunner } from './job-runner';
