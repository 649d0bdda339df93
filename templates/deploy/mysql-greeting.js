// Run on a deploy host by `node -e` (minilvb deploy --check): connects to <host> <port> and reads the MySQL
// greeting (protocol version 10 in the 5th byte, then the server version), so the database is reachable FROM the host.
const socket = require('net').connect(Number(process.argv[2]), process.argv[1]);
socket.setTimeout(4000, () => {
  console.log('timeout');
  process.exit(1);
});
socket.once('data', (d) => {
  const ok = d[4] === 10;
  console.log(ok ? `mysql ${d.subarray(5, d.indexOf(0, 5)).toString()}` : 'not a MySQL server');
  process.exit(ok ? 0 : 1);
});
socket.once('error', (e) => {
  console.log(e.code);
  process.exit(1);
});
