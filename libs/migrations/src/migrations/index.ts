import type { Migration } from 'kysely';
import * as initialSchema from './2026_11_24_001_initial_schema';
import * as inviteRevocation from './2026_11_24_002_invite_revocation';
import * as eventsAndLaunches from './2026_11_25_003_events_and_launches';
import * as deletionAudit from './2026_11_25_004_deletion_audit';
import * as chatRate from './2026_11_25_005_chat_rate';
import * as adminAudit from './2026_11_25_006_admin_audit';
import * as chatRowLock from './2026_11_26_007_chat_row_lock';
import * as replyOutbox from './2026_11_26_008_reply_outbox';
import * as deletionReach from './2026_11_26_009_deletion_reach';
import * as aiTools from './2026_11_26_010_ai_tools';
import * as screening from './2026_11_26_012_screening';
import * as billing from './2026_11_27_001_billing';
import * as aiJobRouting from './2026_12_07_001_ai_job_routing';
import * as ledgerAppendOnly from './2026_12_07_002_ledger_append_only';
import * as crisisAlertFollowUp from './2026_12_07_003_crisis_alert_follow_up';
import * as subscriptionFirstPayment from './2026_12_07_004_subscription_first_payment';
import * as trainerPractice from './2026_12_07_005_trainer_practice';
import * as specialistTerms from './2026_12_07_006_specialist_terms';
import * as screeningSchedules from './2026_12_07_007_screening_schedules';
import * as parkedEventIdentity from './2026_12_07_008_parked_event_identity';
import * as currentSpecialistTerms from './2026_12_07_009_current_specialist_terms';

/**
 * Every migration, in order. Listed by hand rather than read from the folder so that
 * a bundled service carries them and nothing depends on file paths at run time.
 * Never edit a migration that has landed: add the next one.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_24_001_initial_schema': initialSchema,
  '2026_11_24_002_invite_revocation': inviteRevocation,
  '2026_11_25_003_events_and_launches': eventsAndLaunches,
  '2026_11_25_004_deletion_audit': deletionAudit,
  '2026_11_25_005_chat_rate': chatRate,
  '2026_11_25_006_admin_audit': adminAudit,
  '2026_11_26_007_chat_row_lock': chatRowLock,
  '2026_11_26_008_reply_outbox': replyOutbox,
  '2026_11_26_009_deletion_reach': deletionReach,
  '2026_11_26_010_ai_tools': aiTools,
  '2026_11_26_012_screening': screening,
  '2026_11_27_001_billing': billing,
  '2026_12_07_001_ai_job_routing': aiJobRouting,
  '2026_12_07_002_ledger_append_only': ledgerAppendOnly,
  '2026_12_07_003_crisis_alert_follow_up': crisisAlertFollowUp,
  '2026_12_07_004_subscription_first_payment': subscriptionFirstPayment,
  '2026_12_07_005_trainer_practice': trainerPractice,
  '2026_12_07_006_specialist_terms': specialistTerms,
  '2026_12_07_007_screening_schedules': screeningSchedules,
  '2026_12_07_008_parked_event_identity': parkedEventIdentity,
  '2026_12_07_009_current_specialist_terms': currentSpecialistTerms,
};
