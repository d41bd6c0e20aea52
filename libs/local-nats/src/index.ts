export {
  INSTALL_NATS,
  isNatsServerInstalled,
  type NatsServerProcess,
  startNatsServerProcess,
  stopChild,
} from './nats-server-process';
