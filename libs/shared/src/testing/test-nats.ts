import { randomBytes } from 'node:crypto';
import { NatsLink } from '../events/nats-link';
import type { Logger } from '../observability/logger';

/** The broker tests run against: a real nats-server with JetStream, never a mock. */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A namespace (stream and subject prefix) of one test's own, so test files never see each other's events. */
export function testNamespace(): { streamName: string; subjectPrefix: string } {
  const id = randomBytes(4).toString('hex');
  return { streamName: `TEST_${id}`, subjectPrefix: `t${id}.` };
}

export function testNatsLink(
  logger: Logger,
  namespace = testNamespace(),
  url = TEST_NATS_URL,
): NatsLink {
  return new NatsLink({ url, logger, ...namespace });
}
