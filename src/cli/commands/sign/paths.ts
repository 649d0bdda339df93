/** The config fields each `sign` subcommand reads (they also become its flags). */
export const CONFIG_PATHS = {
  push: ['lvb.pushDomain', 'lvb.bizId', 'lvb.pushKey', 'lvb.pushKeyBackup'],
  play: ['lvb.playDomain', 'lvb.bizId', 'lvb.playKey', 'lvb.pushKey'],
  usersig: ['credentials', 'im.sdkAppId', 'im.secretKey', 'im.accountType', 'im.privateKeyFile', 'im.privateKey'],
  decode: ['im.sdkAppId', 'im.secretKey', 'im.publicKeyFile', 'im.publicKey'],
  callback: ['lvb.apiKey', 'lvb.appId', 'lvb.bizId', 'lvb.pushDomain', 'server.publicUrl', 'server.streamUserRule'],
  cos: ['cos.secretId', 'cos.secretKey', 'cos.appId', 'cos.bucket', 'cos.region', 'cos.expiredTime'],
} as const satisfies Record<string, readonly string[]>;
