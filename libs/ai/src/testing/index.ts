export { type FakeAnthropic, startFakeAnthropic } from './fake-anthropic';
export { describeToolBot } from './tool-bot-suite';
export { type Specialist, startToolHarness, type ToolHarness } from './tool-harness';
