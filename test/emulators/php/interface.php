<?php
// A stand-in for the PHP reference server (xiaozhibo_server_php) in the deploy tests, as test/emulators stand
// in for Tencent Cloud. It reproduces only what a deploy's health check reaches (docs/app-protocol.md, from the
// spec's app-protocol.md §1.1-1.6):
// - GET /interface.php with no body: returnValue 4001 once the loaded conf/OutDefine.php defines the IM
//   constants (500 before), plus what it saw, so the tests can tell which OutDefine.php OPcache serves;
// - POST /login (nginx rewrites /login to /interface.php/login): the 602 checks of userid and password, then
//   the account lookup with the [DB] section of conf/cdn.route.ini (read with parse_ini_file, as ConfFactory
//   does): 620 "user not exist" for an unknown user, 500 "Internal Server Error(db operate error)" when the
//   database cannot be reached or read (troubleshooting DB-ACCESS);
// - the signed endpoints: the 602 check of userid, then Liteav-Sig against the user's session. The reference
//   keeps sessions in Redis; this stand-in has no session store, i.e. every token is unknown: 498.
// Every application outcome is HTTP 200 with the {code, message, data} envelope (§2.1 rule 1).
require __DIR__ . '/conf/OutDefine.php';

function reply($code, $message, $data = null)
{
    header('Content-Type: application/json');
    echo json_encode(['code' => $code, 'message' => $message, 'data' => $data ?? new stdClass()]);
    exit;
}

$name = trim($_SERVER['PATH_INFO'] ?? '', '/');
if ($name === '') {
    echo json_encode([
        'returnValue' => defined('IM_SDKAPPID') ? 4001 : 500,
        'sdkAppId' => defined('IM_SDKAPPID') ? IM_SDKAPPID : null,
        'old' => defined('OLD') ? OLD : null,
    ]);
    exit;
}

$signed = ['refresh', 'get_user_info', 'upload_user_info', 'upload_room', 'get_vod_list', 'get_cos_sign'];
if ($name !== 'login' && $name !== 'register' && !in_array($name, $signed, true)) {
    reply(400, "Bad Request | $name");
}
$body = json_decode(file_get_contents('php://input'), true);
$userid = is_array($body) ? ($body['userid'] ?? '') : '';
if (!is_string($userid) || $userid === '') {
    reply(602, 'Invalid Param | userid is null or empty!');
}
if (!preg_match('/^[a-zA-Z][a-zA-Z0-9_]{3,23}$/', $userid)) {
    reply(602, 'Invalid Param | userid preg_match error! The reg rule is:/^[a-zA-Z][a-zA-Z0-9_]{3,23}$/');
}
if ($name !== 'login' && $name !== 'register') {
    reply(498, "Invalid Token | $name");
}
$password = $body['password'] ?? '';
if (!is_string($password) || $password === '') {
    reply(602, 'Invalid Param | password is null or empty!');
}
if ($name === 'register') {
    reply(500, 'Internal Server Error(db operate error)');
}

$ini = parse_ini_file(__DIR__ . '/conf/cdn.route.ini', true);
$db = is_array($ini) ? ($ini['DB'] ?? null) : null;
mysqli_report(MYSQLI_REPORT_OFF);
$link = $db ? @mysqli_connect($db['HOST'], $db['USER'], $db['PASSWD'], $db['DBNAME'], (int) $db['PORT']) : false;
if (!$link) {
    error_log('mysqli_connect failed, error:' . mysqli_connect_error());
    reply(500, 'Internal Server Error(db operate error)');
}
$stmt = mysqli_prepare($link, 'SELECT userid FROM tb_account WHERE userid = ?');
if (!$stmt || !mysqli_stmt_bind_param($stmt, 's', $userid) || !mysqli_stmt_execute($stmt)) {
    error_log('mysqli query failed, error:' . mysqli_error($link));
    reply(500, 'Internal Server Error(db operate error)');
}
if (!mysqli_stmt_fetch($stmt)) {
    reply(620, "user not exist | login fail: {$userid}user not exist");
}
// A known user would be checked against its password and given a session in Redis; no test reaches this.
reply(500, 'Internal Server Error(db operate error)');
