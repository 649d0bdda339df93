/** The server answers the deployment health check, and which server it is (SRV-GEN, SRV-PHP). */
import { defineCheck, fail, pass } from '../check.js';
import { excerpt } from '../probe/http.js';
import { netFailure } from '../probe/net-finding.js';
import { identifyServer, KIND_LABEL } from '../probe/server-identity.js';
import { interfaceProbe, trustedTarget } from '../probe/server-probes.js';

export default defineCheck({
  id: 'server.generation',
  group: 'server',
  title: 'Server answers as Mini LVB',
  needs: { checks: ['server.reachable'], after: ['server.https'] },
  async run(ctx) {
    const trusted = trustedTarget(ctx);
    if (!trusted.ok) return trusted.skip;
    const { target } = trusted;
    const p = await interfaceProbe(ctx, target);
    if (!p.ok) return netFailure(p.error, target, target.interfaceUrl);
    const { status, body } = p.answer;
    const evidence = { url: target.interfaceUrl, status, ms: p.ms, body: excerpt(body) };
    if (status === 502 || status === 503 || status === 504) {
      return fail({
        summary: `${target.interfaceUrl} answers HTTP ${status}`,
        cause:
          'the web server is up, but the application behind it (php-fpm on ' +
          '127.0.0.1:9000, or minilvb serve) does not answer',
        fix: {
          text:
            'Start php-fpm (PHP deployment) or the minilvb service, and check the ' +
            'nginx error log for "connect() failed".',
          commands: [
            'systemctl status php-fpm minilvb',
            'minilvb doctor --log /usr/local/nginx/logs/livedemo.tencentyun.com-error_log logs',
          ],
        },
        faqId: 'SRV-PHP',
        evidence,
      });
    }
    if (status >= 500) {
      return fail({
        summary: `${target.interfaceUrl} answers HTTP ${status}`,
        cause:
          'the server crashes on its own health check (PHP fatal error, unwritable ' +
          'log directory, database or Redis down)',
        fix: {
          text: 'Read the server error log (php-fpm / nginx / journalctl -u minilvb) and scan it with doctor --log.',
        },
        faqId: 'SRV-PHP',
        evidence,
      });
    }
    if (body.trimStart().startsWith('<?php')) {
      return fail({
        summary: `${target.interfaceUrl} returns PHP source code`,
        cause: 'nginx serves .php files as text: the fastcgi location (include live_demo.nginx) is not active',
        fix: {
          text: 'Add `include live_demo.nginx;` to nginx.conf and reload; never leave PHP source downloadable.',
          commands: ['nginx -T | grep -n fastcgi_pass', 'nginx -s reload'],
        },
        faqId: 'SRV-PHP',
        evidence,
      });
    }
    const id = identifyServer(p.answer);
    const ev = { ...evidence, kind: id.kind, ...(id.version ? { version: id.version } : {}) };
    if (
      status === 404 ||
      status === 403 ||
      (id.kind !== 'minilvb' && id.kind !== 'php-current' && id.kind !== 'php-legacy')
    ) {
      return fail({
        summary:
          `${target.origin} is not a Mini LVB server: /interface.php answers HTTP ` +
          `${status} with ${KIND_LABEL[id.kind]}`,
        cause:
          status === 404
            ? 'no Mini LVB code at this address: wrong host/port, or the nginx root is not the code directory'
            : 'the URL points to another web application, or nginx/PHP is not wired to the Mini LVB code',
        fix: {
          text:
            'Check the server URL; on a PHP deployment check the nginx `root` (the ' +
            'code directory) and `include live_demo.nginx;`; or deploy the bundled ' +
            'server.',
          commands: ['minilvb serve'],
        },
        faqId: 'SRV-GEN',
        evidence: ev,
      });
    }
    if (id.kind === 'php-legacy' && ctx.config.protocol === 'path') {
      return fail({
        summary: `${target.origin} is a legacy Action-protocol server, but the configuration says protocol path`,
        cause: 'apps of 2018 and later call /login, /get_vod_list…, which a 2016–17 server does not have',
        fix: {
          text:
            'Deploy the current server (or the bundled one), or set protocol to ' +
            'action if your apps are the 2016–17 ones.',
        },
        faqId: 'SRV-GEN',
        evidence: ev,
      });
    }
    if (id.kind === 'php-current' && ctx.config.protocol === 'action') {
      return fail({
        summary: `${target.origin} is a current path-protocol PHP server, but the configuration says protocol action`,
        cause: 'the 2016–17 apps POST {"Action":…} to /interface.php, which the current PHP server does not understand',
        fix: {
          text:
            'Use the bundled server with protocol action (minilvb serve), or set ' +
            'protocol to path for current apps.',
        },
        faqId: 'SRV-GEN',
        evidence: ev,
      });
    }
    return pass(`${KIND_LABEL[id.kind]}${id.version ? ` ${id.version}` : ''} (HTTP ${status}, ${p.ms} ms)`, {
      evidence: ev,
    });
  },
});
