export { enqueueJob, type JobRequest } from './enqueue-job';
export { installJobQueueSchema } from './job-queue-schema';
export { type JobContext, type JobHandler, type JobRunner, startJobRunner } from './job-runner';
