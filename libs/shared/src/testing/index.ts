export { type CapturedLogs, captureLogs } from './capture-logs';
export { freePort, REPO_ROOT, type RunningProcess, startServiceProcess } from './child-process';
export {
  type ApiAnswer,
  type FakeTelegram,
  type RecordedCall,
  type Responder,
  startFakeTelegram,
} from './fake-telegram';
export { type HarnessOptions, type ServiceHarness, startServiceHarness } from './service-harness';
export {
  createTemplateDatabase,
  createTestDatabase,
  databaseUrl,
  dropTemplateDatabase,
  savedChatStates,
  TEST_SERVER_URL,
  type TestDatabase,
} from './test-database';
export { TEST_NATS_URL, testNamespace, testNatsLink } from './test-nats';
export { describeToolBot } from './tool-bot-suite';
export { buttonPress, nextUpdateId, type Person, textMessage } from './updates';
