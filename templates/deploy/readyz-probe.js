// Run on a deploy host by `node -e` (minilvb deploy): one GET, prints "<status> <body head>", exit 0 on 2xx.
const url = process.argv[1];
fetch(url, { signal: AbortSignal.timeout(3000) }).then(
  async (r) => {
    console.log(`${r.status} ${(await r.text()).slice(0, 300)}`);
    process.exit(r.ok ? 0 : 1);
  },
  (e) => {
    console.log(`unreachable ${(e.cause && e.cause.code) || e.name}`);
    process.exit(1);
  },
);
