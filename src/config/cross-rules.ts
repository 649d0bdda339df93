/** Rules that relate two fields (key pairs, sections that only make sense together). */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { ConfigIssue, Source } from './schema.js';

export function crossFieldIssues(
  typed: ReadonlyMap<string, string | number>,
  sources: Readonly<Record<string, Source>>,
): ConfigIssue[] {
  return [...keyPairIssues(typed), ...dbIssues(typed, sources)];
}

function keyPairIssues(typed: ReadonlyMap<string, string | number>): ConfigIssue[] {
  const priv = typed.get('im.privateKey');
  if (typeof priv !== 'string') return [];
  const issues: ConfigIssue[] = [];
  const key = createPrivateKey(priv);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'secp256k1') {
    issues.push({
      severity: 'warning',
      path: 'im.privateKey',
      message: `is on curve ${String(curve)}; legacy IM keys are on secp256k1`,
      expected: 'the private_key file from the IM console',
    });
  }
  const pub = typed.get('im.publicKey');
  if (typeof pub === 'string') {
    const probe = Buffer.from('minilvb key pair self-test');
    const matches = verify('sha256', probe, createPublicKey(pub), sign('sha256', probe, key));
    if (!matches) {
      issues.push({
        severity: 'error',
        path: 'im.publicKey',
        message: 'does not belong to im.privateKey (a signature made with the private key does not verify)',
        expected: 'the public_key file downloaded together with private_key',
      });
    }
  }
  return issues;
}

function dbIssues(
  typed: ReadonlyMap<string, string | number>,
  sources: Readonly<Record<string, Source>>,
): ConfigIssue[] {
  const dbHost = sources['db.host'];
  const explicit = ['db.password', 'db.user', 'db.name', 'db.port'].filter(
    (p) => sources[p] && sources[p] !== 'default',
  );
  if (dbHost || explicit.length === 0 || !typed) return [];
  return [
    {
      severity: 'warning',
      path: 'db.host',
      message:
        `is not set, so ${explicit.join(', ')} ` +
        `${explicit.length > 1 ? 'are' : 'is'} ignored and the embedded store is ` +
        `used`,
      expected: 'set db.host (e.g. 127.0.0.1) to use MySQL',
    },
  ];
}
