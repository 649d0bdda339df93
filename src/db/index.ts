/** The database capability: the Store interface, openStore, and the `minilvb db` operations. */
export * from './store.js';
export { openStore, openServerStore, type OpenStoreOptions, type ServerStore } from './open-store.js';
export { outageOf, type Outage, type OutageKind } from './outage.js';
export {
  provisionDatabase,
  generateDbPassword,
  defaultUserHosts,
  type ProvisionOptions,
  type ProvisionReport,
  type ProvisionStep,
  type ProvisionWarning,
  type AdminCredentials,
} from './provision/provision.js';
export { migrateDatabase, type MigrateOptions } from './migrate-database.js';
export { verifyDatabase, verifySchema, type SchemaReport, type SchemaDifference } from './verify.js';
export { databaseStatus, type DbStatus } from './status.js';
export { connect, type SqlConn, type ConnectParams } from './mysql/connection.js';
export { LATEST_VERSION, MIGRATIONS } from './migrations/migrations.js';
export type { MigrationReport } from './migrations/migrate.js';
export {
  serverVersion,
  checkWritePermission,
  timeZoneReport,
  deleteProbeRows,
  replayReport,
  probeCleanupSql,
  ANON_USERS_COMMAND,
  accountHosts,
  dropAnonymousCommand,
  type WritePermission,
  type TimeZoneReport,
  type ReplayReport,
} from './diagnose.js';
export { TABLES, type TableDef } from './migrations/tables.js';
