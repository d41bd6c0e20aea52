export { type CapturedLogs, captureLogs } from './capture-logs';
export { freePort, REPO_ROOT, type RunningProcess, startServiceProcess } from './child-process';
export { untilBotsAreKnown } from './known-bots';
export { groupAlive, killEverything, type NpmStart, nothingLeftOf, runNpmStart } from './npm-start';
export { findPersonalTraces, type PersonalTrace } from './personal-traces';
export { type HarnessOptions, type ServiceHarness, startServiceHarness } from './service-harness';
export {
  createEmptyDatabase,
  createTemplateDatabase,
  createTestDatabase,
  databaseUrl,
  dropTemplateDatabase,
  savedChatStates,
  type TestDatabase,
  testServerUrl,
} from './test-database';
export { testNamespace, testNatsLink, testNatsUrl } from './test-nats';
export {
  decideTestDatabase,
  decideTestNats,
  ensureTestDatabase,
  ensureTestNats,
} from './test-servers';
export {
  buttonPress,
  nextUpdateId,
  type Person,
  preCheckoutQuery,
  refundedPayment,
  successfulPayment,
  textMessage,
} from './updates';
