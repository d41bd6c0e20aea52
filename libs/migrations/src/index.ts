export { migrateToLatest } from './migrate';
export { runMigrations } from './migrate-command';
