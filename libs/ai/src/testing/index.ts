export { acceptedTerms, TEST_TERMS_VERSION } from './accepted-terms';
export {
  type FakeAnthropic,
  type FakeAnthropicOptions,
  type FakeScript,
  type RecordedRequest,
  startFakeAnthropic,
} from './fake-anthropic';
export type {
  FakeCutReply,
  FakeErrorReply,
  FakeReply,
  FakeStreamErrorReply,
  FakeTextReply,
  FakeToolReply,
} from './fake-anthropic-replies';
export { countTokens, type FakeUsage } from './fake-anthropic-usage';
export { describeToolBot } from './tool-bot-suite';
export { type Specialist, startToolHarness, type ToolHarness } from './tool-harness';
