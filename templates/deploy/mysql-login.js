// Run on a deploy host by `node -e` in the current release (minilvb deploy --check): logs in to MySQL with the
// server's credentials, read as JSON from stdin (never argv), using the release's own mysql2; prints the error code.
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const options = JSON.parse(input);
  const mysql = require(require('path').join(process.cwd(), 'node_modules', 'mysql2', 'promise'));
  try {
    const connection = await mysql.createConnection({ ...options, connectTimeout: 4000 });
    await connection.query('SELECT 1');
    await connection.end();
    console.log('login ok');
    process.exit(0);
  } catch (e) {
    console.log(e.code || e.message);
    process.exit(1);
  }
});
