export { ROOT_SHARED_DIR } from './cluster-placement';
export {
  type LocalPostgres,
  type LocalPostgresOptions,
  startLocalPostgres,
} from './local-postgres';
export { locatePostgresBinaries, type PostgresBinaries } from './postgres-binaries';
export { PostgresStartError } from './postgres-start-error';
