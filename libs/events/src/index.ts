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
export { LookSchedule, type LookScheduleOptions } from './look-schedule';
export { type EventTransportOptions, NatsLink, natsServerOptions } from './nats-link';
export { enqueueEvent } from './outbox';
export { OutboxRelay, outboxBacklog } from './outbox-relay';
export {
  listParkedEvents,
  type ParkableMessage,
  type ParkedEvent,
  parkEvent,
  type ReplayResult,
  replayParkedEvents,
} from './parked-events';
export { type ParkedEventsMode, runParkedEventsCommand } from './parked-events-command';
export { discardParkedEvent } from './parked-events-discard';
export { parkedEventsImageCommand, parseStreamSeq } from './parked-events-flags';
export {
  type Launcher,
  parkedEventsCommands,
  parkedEventsProblem,
} from './parked-events-hint';
export { parkedEventKey } from './parked-events-identity';
export { eraseRequestedEvents, requestStreamErasure } from './stream-erasure';
