/** The RoomService capability (docs/roomservice.md#the-bundled-roomservice): what the server mounts. */
import { isAbsolute, join, resolve } from 'node:path';
import type { MinilvbConfig } from '../config/index.js';
import { MemoryRoomServiceStore } from '../db/embedded/roomservice-memory.js';
import type { Store } from '../db/store.js';
import type { Clock } from '../time/clock.js';
import { imRestGroups } from './im-groups.js';
import { rsConfigFromMinilvb } from './rs-config.js';
import { RoomService, type RoomServiceDeps, type RsLogger } from './service.js';
import { configuredStreams } from './stream-adapter.js';

export { RoomService, type RoomServiceDeps } from './service.js';
export { handleRoomServiceHttp, isRoomServicePath, CORS_HEADERS, type RsHttpRequest } from './http.js';

/** The embedded store's file for the pushed configuration, in server.dataDir. */
export const CONFIG_FILE = 'roomservice.json';

/** RoomService over the server's store: MySQL tables when the store has them, else memory + a file. */
export function createRoomService(o: {
  config: MinilvbConfig;
  store: Store;
  clock: Clock;
  logger: RsLogger;
  overrides?: Partial<RoomServiceDeps>;
}): RoomService {
  const dir = isAbsolute(o.config.server.dataDir) ? o.config.server.dataDir : resolve(o.config.server.dataDir);
  return new RoomService({
    store: o.store.roomService ?? new MemoryRoomServiceStore(join(dir, CONFIG_FILE)),
    clock: o.clock,
    logger: o.logger,
    im: imRestGroups(o.config.cloud.imEndpoint, o.clock),
    streams: configuredStreams(() => Math.floor(o.clock.now() / 1000)),
    base: rsConfigFromMinilvb(o.config),
    ...(o.config.server.adminToken ? { adminToken: o.config.server.adminToken } : {}),
    ...o.overrides,
  });
}
