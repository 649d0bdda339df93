/** The fixed endpoint table of the path protocol (docs/app-protocol.md#endpoints); routing is exact (#d11). */
import type { PathEndpoint } from './endpoint.js';
import { login } from './login.js';
import { refresh } from './refresh.js';
import { register } from './register.js';
import { getCosSign, getRoomserviceSign, getVodSign } from './signs.js';
import { uploadRoom } from './upload-room.js';
import { uploadUgc } from './upload-ugc.js';
import { getUserInfo, uploadUserInfo } from './user-info.js';
import { getUgcList, getVodList } from './vod-list.js';

export const PATH_ENDPOINTS: ReadonlyMap<string, PathEndpoint> = new Map(
  [
    register,
    login,
    refresh,
    getUserInfo,
    uploadUserInfo,
    uploadRoom,
    getVodList,
    getCosSign,
    uploadUgc,
    getUgcList,
    getVodSign,
    getRoomserviceSign,
  ].map((e) => [e.name, e]),
);
