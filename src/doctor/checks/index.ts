/**
 * The check registry, in display order. Adding a check: write one file in this folder
 * (`export default defineCheck({...})`) and add one import line and one list entry here.
 */
import type { Check } from '../check.js';
import configCredentials from './config-credentials.js';
import configCosBucket from './config-cos-bucket.js';
import configCosRegion from './config-cos-region.js';
import configFileMode from './config-file-mode.js';
import configGitTracked from './config-git-tracked.js';
import configPhpDeployment from './config-php-deployment.js';
import configGenerated from './config-generated.js';
import configAppConstants from './config-app-constants.js';
import serverUrl from './server-url.js';
import serverReachable from './server-reachable.js';
import serverHttps from './server-https.js';
import serverIosAts from './server-ios-ats.js';
import serverGeneration from './server-generation.js';
import serverCallbackUrl from './server-callback-url.js';
import serverLeak from './server-leak.js';
import serverDatabase from './server-database.js';
import callbackSign from './callback-sign.js';
import callbackRecording from './callback-recording.js';
import appLogin from './app-login.js';
import appUsersig from './app-usersig.js';
import appCosInfo from './app-cos-info.js';
import appCosSign from './app-cos-sign.js';
import appCosUpload from './app-cos-upload.js';
import databaseConnect from './database-connect.js';
import databaseSchema from './database-schema.js';
import databaseWrite from './database-write.js';
import databaseTimezone from './database-timezone.js';
import databaseReplays from './database-replays.js';
import keysFingerprints from './keys-fingerprints.js';
import logsScan from './logs-scan.js';
import cosEndpoint from './cos-endpoint.js';
import cosClockSkew from './cos-clock-skew.js';
import cosSecretId from './cos-secret-id.js';
import cosSecretKey from './cos-secret-key.js';
import cosBucket from './cos-bucket.js';
import cosBucketRegion from './cos-bucket-region.js';
import cosAccess from './cos-access.js';
import cosPublicRead from './cos-public-read.js';
import cosCors from './cos-cors.js';
import lvbCloudCredentials from './lvb-cloud-credentials.js';
import lvbPushDomain from './lvb-push-domain.js';
import lvbPushKey from './lvb-push-key.js';
import lvbPlayKey from './lvb-play-key.js';
import lvbCallbackRule from './lvb-callback-rule.js';
import lvbCallbackUrl from './lvb-callback-url.js';
import lvbCallbackKey from './lvb-callback-key.js';
import lvbRecordTemplate from './lvb-record-template.js';
import lvbRecordRule from './lvb-record-rule.js';
import lvbCallbackRecords from './lvb-callback-records.js';
import imUsersigAccepted from './im-usersig-accepted.js';
import roomserviceVerify from './roomservice-verify.js';

export const CHECKS: readonly Check[] = [
  configCredentials,
  configCosBucket,
  configCosRegion,
  configFileMode,
  configGitTracked,
  configPhpDeployment,
  configGenerated,
  configAppConstants,
  serverUrl,
  serverReachable,
  serverHttps,
  serverIosAts,
  serverGeneration,
  serverCallbackUrl,
  serverLeak,
  serverDatabase,
  callbackSign,
  callbackRecording,
  appLogin,
  appUsersig,
  appCosInfo,
  appCosSign,
  appCosUpload,
  databaseConnect,
  databaseSchema,
  databaseWrite,
  databaseTimezone,
  databaseReplays,
  cosEndpoint,
  cosClockSkew,
  cosSecretId,
  cosSecretKey,
  cosBucket,
  cosBucketRegion,
  cosAccess,
  cosPublicRead,
  cosCors,
  lvbCloudCredentials,
  lvbPushDomain,
  lvbPushKey,
  lvbPlayKey,
  lvbCallbackRule,
  lvbCallbackUrl,
  lvbCallbackKey,
  lvbRecordTemplate,
  lvbRecordRule,
  lvbCallbackRecords,
  imUsersigAccepted,
  keysFingerprints,
  logsScan,
  roomserviceVerify,
];
