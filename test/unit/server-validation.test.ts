/** Pure parts of the server: ParamChecker texts, routing, UTC+8 rendering, stream → userid, callback parsing. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parseCallback, intOf } from '../../src/server/callback/parse-event.js';
import { streamUser } from '../../src/server/callback/stream-user.js';
import { ReplyError } from '../../src/server/envelope.js';
import { checkParams, USERID_RULE, PASSWORD_RULE } from '../../src/server/param-checker.js';
import { pageOf } from '../../src/server/routes/vod-list.js';
import { pathnameOf, route } from '../../src/server/router.js';
import { chinaTime } from '../../src/time/china-time.js';
import { callbackSign } from '../../src/sign/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

function detail(body: Record<string, unknown>, rules = [USERID_RULE, PASSWORD_RULE]): string {
  try {
    checkParams(body, rules);
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof ReplyError);
    assert.equal(err.reply.code, 602);
    return err.reply.message;
  }
}

describe('ParamChecker', () => {
  it('gives the PHP texts and the length rule', () => {
    assert.equal(detail({}), 'Invalid Param | userid is null or empty!');
    assert.equal(
      detail({ userid: 'ab' }),
      'Invalid Param | userid preg_match error! The reg rule is:/^[a-zA-Z][a-zA-Z0-9_]{3,23}$/',
    );
    assert.equal(
      detail({ userid: 'abcd', password: 'x'.repeat(256) }),
      'Invalid Param | password is too long (max 255)',
    );
    assert.equal(detail({ userid: 'abcd', password: 'p' }), 'ok');
    const rules = [{ field: 'index', type: 'int' as const, required: false, min: 0 }];
    assert.equal(detail({ index: 'x' }, rules), 'Invalid Param | index:x is not int!');
    assert.equal(detail({ index: -3 }, rules), 'Invalid Param | -3 is not in range [0,+)');
    assert.equal(detail({ index: '7' }, rules), 'ok');
    assert.equal(detail({ index: 2 ** 53 }, rules), `Invalid Param | index:${2 ** 53} is not int!`);
    assert.equal(
      detail({ nickname: '😀'.repeat(3) }, [{ field: 'nickname', type: 'string', required: false, max: 3 }]),
      'ok',
    );
    assert.equal(
      detail({ nickname: '😀'.repeat(4) }, [{ field: 'nickname', type: 'string', required: false, max: 3 }]),
      'Invalid Param | nickname is too long (max 3)',
    );
    assert.match(detail({ index: 'y'.repeat(500) }, rules), /^Invalid Param \| index:y{64}… is not int!$/);
  });

  it('pages like PHP: 1-based index, count outside 10..100 becomes 10', () => {
    assert.deepEqual(pageOf({}), { offset: 0, limit: 10 });
    assert.deepEqual(pageOf({ index: 0, count: 20 }), { offset: 0, limit: 20 });
    assert.deepEqual(pageOf({ index: 3, count: 5 }), { offset: 20, limit: 10 });
    assert.deepEqual(pageOf({ index: 2, count: 101 }), { offset: 10, limit: 10 });
    assert.deepEqual(pageOf({ index: 2, count: 100 }), { offset: 100, limit: 100 });
  });
});

describe('routing', () => {
  it('is exact, case-sensitive, tolerates one trailing slash and both path forms', () => {
    assert.equal(route('/login').kind, 'path');
    assert.equal(route('/login/').kind, 'path');
    assert.equal(route('/interface.php/get_vod_list').kind, 'path');
    assert.deepEqual(route('/Login'), { kind: 'unknown-name', name: 'Login' });
    assert.equal(route('/login//').kind, 'not-found');
    assert.equal(route('/lo/gin').kind, 'not-found');
    assert.equal(route('/createDB.sh').kind, 'not-found');
    assert.equal(route('/interface.php').kind, 'interface');
    assert.equal(route('/callback/Live_callback.php').kind, 'callback');
    assert.equal(route('/callback/live_callback.php').kind, 'not-found');
    assert.equal(pathnameOf('/login?x=1'), '/login');
    assert.equal(pathnameOf('http://h/login?x'), '/login');
  });
});

describe('time and stream rules', () => {
  it('renders UTC+8 wall clock whatever the process time zone', () => {
    assert.equal(chinaTime(1546064025), '2018-12-29 14:13:45');
    assert.equal(chinaTime(new Date('2024-05-01T12:00:00Z')), '2024-05-01 20:00:00');
    assert.equal(chinaTime(new Date('2023-12-31T16:00:00Z')), '2024-01-01 00:00:00');
  });

  it('maps stream ids to users per rule', () => {
    assert.equal(streamUser('3891_jacqiu', 'after-first-underscore'), 'jacqiu');
    assert.equal(streamUser('8888_foo_bar', 'after-first-underscore'), 'foo_bar');
    assert.equal(streamUser('nounderscore', 'after-first-underscore'), undefined);
    assert.equal(streamUser('8888_foo_1700000000', 'legacy-middle'), 'foo');
    assert.equal(streamUser('8888_foo', 'legacy-middle'), undefined);
    assert.equal(streamUser('jacqiu', 'whole'), 'jacqiu');
  });
});

describe('callback parsing', () => {
  const key = TEST_SECRETS.apiKey;
  const now = 1_700_000_000;
  const parse = (body: unknown): ReturnType<typeof parseCallback> =>
    parseCallback(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), key, {
      nowSeconds: now,
      skewSeconds: 60,
      windowSeconds: 600,
    });
  const code = (body: unknown): number => {
    const r = parse(body);
    return r.ok ? 0 : r.code;
  };

  it('accepts the documented sign example shape and integers given as strings', () => {
    assert.equal(callbackSign('testcallbackkey', 1545030873), '18c75eec6b07f556a4da3a9cb78b6709');
    assert.equal(code({ t: now, sign: callbackSign(key, now), event_type: 1, stream_id: 'a_b' }), 0);
    assert.equal(
      code({ t: String(now), sign: callbackSign(key, now).toUpperCase(), event_type: '0', stream_id: 'a_b' }),
      0,
    );
    assert.equal(intOf(1.5), undefined);
    assert.equal(intOf('12'), 12);
  });

  it('rejects with 4001 / 4002 / 4004 / 4005', () => {
    assert.equal(code('nope'), 4001);
    assert.equal(code([1, 2]), 4001);
    assert.equal(code({ t: now, event_type: 1, stream_id: 'a_b' }), 4002);
    assert.equal(code({ t: now, sign: true, event_type: 1, stream_id: 'a_b' }), 4004);
    assert.equal(code({ t: now, sign: callbackSign(key, now + 1), event_type: 1, stream_id: 'a_b' }), 4004);
    assert.equal(code({ t: now - 61, sign: callbackSign(key, now - 61), event_type: 1, stream_id: 'a_b' }), 4005);
    assert.equal(code({ t: now - 60, sign: callbackSign(key, now - 60), event_type: 1, stream_id: 'a_b' }), 0);
    const rec = {
      t: now,
      sign: callbackSign(key, now),
      event_type: 100,
      stream_id: 'a_b',
      video_url: 'http://v',
      file_format: 'MP4',
      start_time: 1,
      end_time: 100,
    };
    assert.equal(code(rec), 4002);
    const ok = parse({ ...rec, file_id: 'f1' });
    assert.ok(ok.ok);
    assert.deepEqual(ok.event.recording, {
      fileId: 'f1',
      videoUrl: 'http://v',
      fileFormat: 'mp4',
      startTime: 1,
      endTime: 100,
    });
    const preferVideoId = parse({ ...rec, file_id: 'f1', video_id: 'v1' });
    assert.ok(preferVideoId.ok);
    assert.equal(preferVideoId.event.recording?.fileId, 'v1');
  });
});
