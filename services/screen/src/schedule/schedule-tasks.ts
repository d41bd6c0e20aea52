import type { JobHandler } from '@psycheos/jobs';
import { SCHEDULE_TASK } from '@psycheos/screening';
import { stopScheduleOfBlockedClient } from './blocked-client';
import { markQuestionnaireMissed, remindOfQuestionnaire } from './follow-up';
import { offerSchedule } from './offer-schedule';
import type { ScheduleDeps } from './schedule-deps';
import { sendDueQuestionnaire } from './send-questionnaire';

/** screen's job tasks, by the names pro and the database queue them under. */
export function scheduleTasks(deps: ScheduleDeps): Record<string, JobHandler> {
  return {
    [SCHEDULE_TASK.offer]: offerSchedule(deps),
    [SCHEDULE_TASK.send]: sendDueQuestionnaire(deps),
    [SCHEDULE_TASK.remind]: remindOfQuestionnaire(deps),
    [SCHEDULE_TASK.miss]: markQuestionnaireMissed(deps),
    [SCHEDULE_TASK.blocked]: stopScheduleOfBlockedClient(deps),
  };
}
