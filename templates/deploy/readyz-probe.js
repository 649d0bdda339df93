// Run on a deploy host by `node -e` (minilvb deploy): GET <url> until it answers 2xx or <windowMs> have
// passed (one try when 0), polling here rather than over SSH; prints "<status> <body head>", exit 0 on 2xx.
// With <statusCommand>, the service is checked every 250 ms once <graceMs> have passed (a service manager may
// not report a just-started service as running yet): when it no longer runs, exit 99 at once rather than
// polling a server that is gone until the window ends.
const { execSync } = require('node:child_process');
const [url, windowMs, statusCommand, graceMs] = process.argv.slice(1);
const deadline = Date.now() + Number(windowMs || 0);
let last = 'no answer yet';
// node:http, not fetch: loading fetch (undici) costs a host ~0.3 s of CPU per probe, http ~0.05 s.
const once = () =>
  new Promise((resolve) => {
    const req = require('node:http').get(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        resolve({ ok, line: `${res.statusCode} ${body.slice(0, 300)}` });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TimeoutError' })));
    req.on('error', (e) => resolve({ ok: false, line: `unreachable ${e.code || e.name}` }));
  });
const running = () => {
  try {
    execSync(statusCommand, { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
};
if (statusCommand)
  // On a timer of its own: a GET that hangs (something else holds the port and never answers) must not
  // hide that the service is gone.
  setTimeout(
    () =>
      setInterval(() => {
        if (running()) return;
        console.log(`${last}; the service is not running`);
        process.exit(99);
      }, 250).unref(),
    Number(graceMs || 0),
  ).unref();
(async () => {
  for (;;) {
    const r = await once();
    last = r.line;
    if (r.ok || Date.now() + 100 > deadline) {
      console.log(r.line);
      process.exit(r.ok ? 0 : 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();
