/**
 * A private nginx for the deploy tests: its own prefix directory, nginx.conf, pid, logs and temp paths,
 * started in the foreground so the test owns the process. `include` is what its http {} block includes,
 * relative to the prefix (as the deployment guides include a site from nginx.conf).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PrivateNginx {
  process: ChildProcess;
  /** The nginx.conf it runs with. */
  conf: string;
  errorLog: string;
}

export function startNginx(dir: string, include: string): PrivateNginx {
  const conf = join(dir, 'nginx.conf');
  const errorLog = join(dir, 'nginx-error.log');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${join(dir, `${t}_temp`)};`)
    .join('\n');
  writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${errorLog};
events { worker_connections 64; }
http {
  access_log off;
${temp}
  include ${include};
}
`,
  );
  const child = spawn('nginx', ['-p', `${dir}/`, '-c', conf, '-e', errorLog, '-g', 'daemon off;'], {
    stdio: 'ignore',
    env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
  });
  return { process: child, conf, errorLog };
}
