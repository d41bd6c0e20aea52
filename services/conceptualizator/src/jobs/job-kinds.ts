import type { Framework } from '../conceptualization/framework';

/** The job kinds: one conceptualization and one revision per framework, so each knows its sections. */
export const jobKind = {
  conceptualize: (framework: Framework) => `conceptualize:${framework.id}`,
  revise: (framework: Framework) => `revise:${framework.id}`,
};
