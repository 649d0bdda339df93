/** Parsing the generated app constants as the apps were built with them (Java and Objective-C, generations A–C). */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parseAppConstants } from '../../src/doctor/probe/app-constants.js';

describe('parseAppConstants', () => {
  it('generation A (COS v4): SVR_POST_URL and the COSEndPoint region code; kHttpServerAddr and kTCCOSRegion', () => {
    const java = parseAppConstants(
      '    public static final COSEndPoint COS_REGION = COSEndPoint.COS_GZ;\n    public static final String SVR_POST_URL = "http://h/interface.php";\n',
      'A',
      'a.java',
    );
    assert.deepEqual(
      [java.serverUrl, java.cosRegion],
      [
        { name: 'SVR_POST_URL', value: 'http://h/interface.php' },
        { name: 'COS_REGION', value: 'gz' },
      ],
    );
    const objc = parseAppConstants(
      '#define kTCCOSRegion @"sh"\n#define kHttpServerAddr @"http://h/interface.php"\n',
      'A',
      'a.h',
    );
    assert.deepEqual([objc.serverUrl?.value, objc.cosRegion?.value], ['http://h/interface.php', 'sh']);
  });

  it('generations B/C: the server URL as written, trailing slash kept; no region', () => {
    const c = parseAppConstants('    public static final String APP_SVR_URL = "http://h:8080/";\n', 'C', 'c.java');
    assert.equal(c.serverUrl?.value, 'http://h:8080/');
    assert.equal(c.cosRegion, undefined);
    assert.equal(
      parseAppConstants('#define kHttpServerAddr @"https://h\\"x"\n', 'B', 'b.h').serverUrl?.value,
      'https://h"x',
    );
  });
});
