// Run on a deploy host by `node -e` (minilvb deploy): GET <url> until it answers 2xx or <windowMs> have
// passed (one try when 0), polling here rather than over SSH; prints "<status> <body head>", exit 0 on 2xx.
const url = process.argv[1];
const deadline = Date.now() + Number(process.argv[2] || 0);
const once = () =>
  fetch(url, { signal: AbortSignal.timeout(3000) }).then(
    async (r) => ({ ok: r.ok, line: `${r.status} ${(await r.text()).slice(0, 300)}` }),
    (e) => ({ ok: false, line: `unreachable ${(e.cause && e.cause.code) || e.name}` }),
  );
(async () => {
  for (;;) {
    const r = await once();
    if (r.ok || Date.now() + 100 > deadline) {
      console.log(r.line);
      process.exit(r.ok ? 0 : 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();
