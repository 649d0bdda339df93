/** Pure signing library: anti-leech URLs, UserSig v1/v2, callback, COS, TC3 and app signatures. */
export {
  txTimeHex,
  antiLeechSecret,
  pushUrl,
  playUrls,
  assertStreamId,
  legacyStreamName,
  type PushUrl,
  type PushUrlInput,
  type PlayUrls,
  type PlayUrlsInput,
  type PushScheme,
} from './anti-leech.js';
export { genUserSigV2, DEFAULT_USERSIG_EXPIRE, type UserSigV2Input } from './usersig-v2.js';
export { genUserSigV1, type UserSigV1Input } from './usersig-v1.js';
export { decodeUserSig, type DecodedUserSig, type DecodedUserSigV1, type DecodedUserSigV2 } from './usersig-decode.js';
export {
  verifyUserSig,
  USERSIG_IM_CODES,
  type UserSigFailure,
  type UserSigVerdict,
  type VerifyUserSigOptions,
} from './usersig-verify.js';
export { UserSigDecodeError, type UnwrapStep } from './usersig-wrap.js';
export { callbackSign, verifyCallbackSign } from './callback-sign.js';
export {
  cosKeyTime,
  cosSignKey,
  cosAuthorization,
  parseCosAuthorization,
  verifyCosAuthorization,
  cosUrlEncode,
  cosSdkSignsHeader,
  type CosAuth,
  type CosAuthInput,
  type CosPairs,
  type ParsedCosAuthorization,
  type CosVerifyInput,
  type CosVerifyResult,
} from './cos-sign.js';
export { cosV4Sign, cosV4Original, type CosV4Input } from './cos-v4-sign.js';
export {
  tc3Signature,
  parseTc3Authorization,
  type Tc3Input,
  type Tc3Signature,
  type ParsedTc3Authorization,
} from './tc3-sign.js';
export {
  liteavSig,
  verifyLiteavSig,
  clientPasswordHash,
  roomServiceSign,
  vodUploadSignature,
  type VodSignInput,
} from './app-sign.js';
export { safeEqual, safeEqualHex, md5Hex } from './digest.js';
export { parseDuration, parseUnixOrHex, showTime, type ShownTime } from './duration.js';
