import { randomBytes } from 'node:crypto';
import { NatsLink } from '@psycheos/events';
import type { Logger } from '@psycheos/platform';
import { DEFAULT_TEST_NATS_URL } from './test-servers';

/**
 * The broker tests run against: a real nats-server with JetStream, never a mock. Where there
 * is none, a test that needs it fails here with the one line saying how to get it.
 */
export function testNatsUrl(): string {
  const missing = process.env.TEST_NATS_MISSING;
  if (missing) {
    const error = new Error(missing);
    error.stack = missing;
    throw error;
  }
  return process.env.TEST_NATS_URL ?? DEFAULT_TEST_NATS_URL;
}

/** A namespace (stream and subject prefix) of one test's own, so test files never see each other's events. */
export function testNamespace(): { streamName: string; subjectPrefix: string } {
  const id = randomBytes(4).toString('hex');
  return { streamName: `TEST_${id}`, subjectPrefix: `t${id}.` };
}

export function testNatsLink(
  logger: Logger,
  namespace = testNamespace(),
  url = testNatsUrl(),
): NatsLink {
  return new NatsLink({ url, logger, ...namespace });
}
