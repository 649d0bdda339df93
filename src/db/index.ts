/** The database capability: the Store interface, openStore, and the `minilvb db` operations. */
export * from './store.js';
export { openStore, type OpenStoreOptions } from './open-store.js';
