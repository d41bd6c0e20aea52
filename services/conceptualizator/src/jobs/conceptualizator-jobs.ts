import type { AiJobSpecs } from '@psycheos/ai';
import type { Framework } from '../conceptualization/framework';
import { conceptualizeJob } from './conceptualize';
import { jobKind } from './job-kinds';
import { reviseSectionJob } from './revise-section';

export function conceptualizatorJobs(frameworks: readonly Framework[]): AiJobSpecs {
  return Object.fromEntries(
    frameworks.flatMap((framework) => [
      [jobKind.conceptualize(framework), conceptualizeJob(framework)],
      [jobKind.revise(framework), reviseSectionJob(framework)],
    ]),
  );
}
