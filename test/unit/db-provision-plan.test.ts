/** Pure parts of provisioning: grant parsing, privilege sets, account hosts, generated passwords. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { excessPrivileges, missingPrivileges, parseGrant } from '../../src/db/provision/inspect.js';
import { defaultUserHosts, generateDbPassword } from '../../src/db/provision/provision.js';
import { MinilvbError } from '../../src/errors.js';

describe('grant parsing', () => {
  it('reads database-level grants with escaped wildcards and grant option', () => {
    assert.deepEqual(
      parseGrant(
        'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, INDEX, ALTER ON `live\\_demo`.* TO `live_user`@`localhost`',
      ),
      {
        privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'INDEX', 'ALTER'],
        scope: 'live_demo',
        grantOption: false,
      },
    );
    assert.deepEqual(parseGrant("GRANT ALL PRIVILEGES ON `live_demo`.* TO 'live_user'@'%' WITH GRANT OPTION"), {
      privileges: ['ALL PRIVILEGES'],
      scope: 'live_demo',
      grantOption: true,
    });
    assert.deepEqual(parseGrant("GRANT USAGE ON *.* TO `live_user`@`localhost` IDENTIFIED BY PASSWORD '*ABC'"), {
      privileges: ['USAGE'],
      scope: '*',
      grantOption: false,
    });
    assert.equal(
      parseGrant('GRANT SELECT ON `db`.`tb_vod` TO `u`@`h`'),
      undefined,
      'table-level grants are not database grants',
    );
  });

  it('computes missing and excess privileges against least privilege', () => {
    const base = { host: 'localhost', exists: true };
    assert.deepEqual(missingPrivileges({ ...base, privileges: ['SELECT', 'INSERT'], grantOption: false }), [
      'UPDATE',
      'DELETE',
      'CREATE',
      'INDEX',
      'ALTER',
    ]);
    assert.deepEqual(missingPrivileges({ ...base, privileges: ['ALL PRIVILEGES'], grantOption: false }), []);
    assert.deepEqual(excessPrivileges({ ...base, privileges: ['ALL PRIVILEGES'], grantOption: true }), [
      'ALL PRIVILEGES',
      'GRANT OPTION',
    ]);
    assert.deepEqual(excessPrivileges({ ...base, privileges: ['SELECT', 'DROP'], grantOption: false }), ['DROP']);
  });
});

describe('account hosts and passwords', () => {
  it('restricts accounts to localhost and 127.0.0.1 for a local database, and asks for a remote one', () => {
    assert.deepEqual(defaultUserHosts('127.0.0.1', undefined), ['localhost', '127.0.0.1']);
    assert.deepEqual(defaultUserHosts('localhost', []), ['localhost', '127.0.0.1']);
    assert.deepEqual(defaultUserHosts('db.example.com', ['10.0.0.5', '10.0.0.5']), ['10.0.0.5']);
    assert.throws(
      () => defaultUserHosts('db.example.com', undefined),
      (e: unknown) => e instanceof MinilvbError && e.code === 'MLVB_USAGE' && /--user-host/.test(e.hint ?? ''),
    );
  });

  it('generates 24 random characters [A-Za-z0-9]', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const pw = generateDbPassword();
      assert.match(pw, /^[A-Za-z0-9]{24}$/);
      seen.add(pw);
    }
    assert.equal(seen.size, 50);
  });
});
