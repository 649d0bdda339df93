/** Which troubleshooting.md entry a config field belongs to, so findings can cite it. */
export const FAQ_BY_FIELD: Readonly<Record<string, string>> = {
  'lvb.appId': 'LVB-APPID-BIZID',
  'lvb.bizId': 'LVB-APPID-BIZID',
  'lvb.pushDomain': 'LVB-APPID-BIZID',
  'lvb.pushKey': 'LVB-PUSH-KEY',
  'lvb.pushKeyBackup': 'LVB-PUSH-KEY',
  'lvb.apiKey': 'CB-API-KEY',
  'im.sdkAppId': 'APP-IM-PARAMS',
  'im.secretKey': 'APP-IM-PARAMS',
  'im.accountType': 'APP-IM-PARAMS',
  'im.privateKey': 'APP-IM-PARAMS',
  'im.publicKey': 'APP-IM-PARAMS',
  'cos.appId': 'COS-APPID',
  'cos.bucket': 'COS-BUCKET',
  'cos.region': 'APP-COS-REGION',
  'cos.secretId': 'COS-SECRETID',
  'cos.secretKey': 'COS-SECRETKEY',
  'server.publicUrl': 'APP-SERVER-ADDR',
  'db.password': 'DB-ACCESS',
  'db.user': 'DB-ACCESS',
};

/** The credentials each generation needs for a working deployment (config-files.md §1). */
export function requiredCredentials(credentials: 'current' | 'legacy'): readonly string[] {
  const cos = ['cos.appId', 'cos.bucket', 'cos.region', 'cos.secretId', 'cos.secretKey'];
  return credentials === 'legacy'
    ? ['lvb.appId', 'lvb.bizId', 'lvb.pushKey', 'lvb.apiKey', 'im.sdkAppId', 'im.accountType', 'im.privateKey', ...cos]
    : ['lvb.pushDomain', 'lvb.pushKey', 'lvb.apiKey', 'im.sdkAppId', 'im.secretKey', ...cos];
}
