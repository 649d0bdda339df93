// Run on a deploy host by `node -e` (minilvb deploy --check): exit 0 when <host> <port> can be listened on.
const server = require('net').createServer();
server.once('error', (e) => {
  console.log(e.code);
  process.exit(1);
});
server.listen(Number(process.argv[2]), process.argv[1], () => server.close(() => process.exit(0)));
