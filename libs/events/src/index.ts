export {
  type CaseRef,
  type ClientStopReason,
  EVENT_VERSION,
  type EventEnvelope,
  type EventPayloads,
  type EventSubject,
  newEnvelope,
  parseEvent,
  type ScheduleRef,
} from './catalogue';
export { EventConsumer, type EventConsumerSpec } from './event-consumer';
export { type EventTransportOptions, NatsLink, natsServerOptions } from './nats-link';
export { enqueueEvent } from './outbox';
export { OutboxRelay, outboxBacklog } from './outbox-relay';
export {
  listParkedEvents,
  type ParkedEvent,
  type ReplayResult,
  replayParkedEvents,
} from './parked-events';
export { type ParkedEventsMode, runParkedEventsCommand } from './parked-events-command';
export {
  type Launcher,
  parkedEventsCommands,
  parkedEventsProblem,
} from './parked-events-hint';
export { eraseRequestedEvents } from './stream-erasure';
