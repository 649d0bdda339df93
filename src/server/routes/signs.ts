/** The signed endpoints that hand out signatures: get_cos_sign, get_vod_sign, get_roomservice_sign. */
import { randomInt } from 'node:crypto';
import { cosKeyTime, cosSignKey, roomServiceSign, vodUploadSignature } from '../../sign/index.js';
import { ok } from '../envelope.js';
import { requireConfigValues } from '../require-config.js';
import { endpoint } from './endpoint.js';

export const getCosSign = endpoint({
  name: 'get_cos_sign',
  auth: 'liteav-sig',
  rules: [],
  signatureOnly: true,
  async handle(ctx) {
    const [secretKey] = requireConfigValues(ctx, 'get_cos_sign', ['cos.secretKey']);
    const keyTime = cosKeyTime(ctx.now(), ctx.config.cos.expiredTime);
    return ok({ signKey: cosSignKey(secretKey, keyTime), keyTime });
  },
});

/** docs/app-protocol.md#d16: the PHP used constants no config defined; we sign with the COS/CAM key pair. */
export const getVodSign = endpoint({
  name: 'get_vod_sign',
  auth: 'liteav-sig',
  rules: [],
  async handle(ctx) {
    const [secretId, secretKey] = requireConfigValues(ctx, 'get_vod_sign', ['cos.secretId', 'cos.secretKey']);
    return ok({
      signature: vodUploadSignature({ secretId, secretKey, now: ctx.now(), random: randomInt(0, 2 ** 31 - 1) }),
    });
  },
});

export const getRoomserviceSign = endpoint({
  name: 'get_roomservice_sign',
  auth: 'liteav-sig',
  rules: [],
  async handle(ctx, { userid }) {
    const [apiKey] = requireConfigValues(ctx, 'get_roomservice_sign', ['lvb.apiKey']);
    const txTime = ctx.now() + 600;
    return ok({ txTime, sign: roomServiceSign(apiKey, txTime, userid) });
  },
});
