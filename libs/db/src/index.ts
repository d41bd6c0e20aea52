export { TOOL_SESSION_COLUMNS } from './ai-tables';
export { AT_COMMIT } from './at-commit';
export { findBotUsername, publishBotUsername } from './bot-directory';
export { createDatabase, createPool, type PoolOptions } from './connect';
export { type DatabaseConfig, readDatabaseConfig } from './database-config';
export {
  CASE_BOTS,
  type CaseBot,
  type CaseLaunch,
  createLaunchToken,
  LAUNCH_SCOPE,
  type Launch,
  type LaunchableBot,
  type LaunchOf,
  type LaunchRefusal,
  type LaunchRequest,
  type LaunchScope,
  launchScopeOf,
  type PracticeLaunch,
  redeemLaunchToken,
  type SpecialistBot,
} from './launch-tokens';
export { CASE_COLUMNS, findOwnCase } from './own-case';
export type * from './schema';
export { SCREENING_SCHEDULE_COLUMNS } from './screening-schedule-tables';
export { isConnectionLoss, isTransientDatabaseError } from './transient-errors';
