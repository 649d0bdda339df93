/**
 * What kind of database outage an error means, for `/readyz` (doctor reads it) and the log:
 * a `kind` from a fixed list and a one-line human `cause` that never holds a secret.
 */
import { MinilvbError } from '../errors.js';

/** The stable outage kinds of the `/readyz` contract. */
export type OutageKind = 'access-denied' | 'unknown-database' | 'connect' | 'timeout' | 'schema';

/** One outage, as `/readyz` and the log report it. */
export interface Outage {
  kind: OutageKind;
  cause: string;
}

const ACCESS = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
]);
const SCHEMA = new Set(['MLVB_DB_SCHEMA', 'MLVB_DB_TOO_NEW', 'MLVB_DB_QUERY']);
const TIMEOUT = new Set(['ETIMEDOUT', 'PROTOCOL_SEQUENCE_TIMEOUT', 'MLVB_POOL_TIMEOUT', 'MLVB_POOL_BUSY']);

/** Classifies a store error (StoreUnavailableError, MLVB_DB_SCHEMA, MLVB_DB_TOO_NEW …, or one wrapping them). */
export function outageOf(err: unknown): Outage {
  const cause = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
  if (!(err instanceof MinilvbError)) return { kind: 'connect', cause };
  const driver = err.details?.driverCode;
  const code = typeof err.details?.errorCode === 'string' ? err.details.errorCode : err.code;
  if (typeof driver === 'string') {
    if (ACCESS.has(driver)) return { kind: 'access-denied', cause };
    if (driver === 'ER_BAD_DB_ERROR') return { kind: 'unknown-database', cause };
    if (TIMEOUT.has(driver)) return { kind: 'timeout', cause };
  }
  if (SCHEMA.has(code)) return { kind: 'schema', cause };
  return { kind: 'connect', cause };
}
