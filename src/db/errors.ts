/** The two error types every Store method may throw, so callers can tell an outage from a bad statement. */
import { MinilvbError, type ErrorOptions } from '../errors.js';

/** The database cannot be reached right now (refused, lost, timeout, pool closed): retrying later may work. */
export class StoreUnavailableError extends MinilvbError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('MLVB_DB_CONNECT', message, {
      hint:
        'Check that the database server is running and reachable with the ' +
        'configured db.host/db.port, user and password.',
      ...options,
    });
    this.name = 'StoreUnavailableError';
  }
}

/** A statement failed for a reason other than connectivity (constraint, data too long, missing table). */
export class StoreQueryError extends MinilvbError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('MLVB_DB_QUERY', message, {
      hint: 'Run `minilvb db verify` to compare the schema with the expected one.',
      ...options,
    });
    this.name = 'StoreQueryError';
  }
}
