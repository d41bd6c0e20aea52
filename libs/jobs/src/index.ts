export { enqueueJob, type JobRequest } from './enqueue-job';
export { type JobContext, type JobHandler, type JobRunner, startJobRunner } from './job-runner';
