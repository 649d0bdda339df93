/** The server base URL has the form the apps need (APP-SERVER-ADDR, SRV-TRAILING). */
import { defineCheck, fail, pass, skip } from '../check.js';

export default defineCheck({
  id: 'server.url',
  group: 'server',
  title: 'Server URL form',
  async run({ serverUrl, serverUrlFrom, config }) {
    if (!serverUrl)
      return skip('no server URL: set server.publicUrl or pass --server <url>', {
        fix: { text: 'Set server.publicUrl to the URL the apps use (APP_SVR_URL / kHttpServerAddr).' },
      });
    const from = serverUrlFrom;
    let u: URL;
    try {
      u = new URL(serverUrl);
    } catch {
      return fail({
        summary: `${from} ${JSON.stringify(serverUrl)} is not a URL`,
        cause: 'the apps join this string with /login; it must be http(s)://host',
        fix: { text: 'Write it as http://host or https://host.' },
        faqId: 'APP-SERVER-ADDR',
      });
    }
    const evidence = { url: serverUrl, from };
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      return fail({
        summary: `${from} uses ${u.protocol}, not http or https`,
        cause: 'the apps speak HTTP(S) only',
        fix: { text: 'Use http:// or https://.' },
        faqId: 'APP-SERVER-ADDR',
        evidence,
      });
    }
    if (config.protocol === 'action') {
      if (u.pathname !== '/interface.php') {
        return fail({
          summary: `${from} ${serverUrl} does not end in /interface.php`,
          cause: 'the 2016–17 apps POST to SVR_POST_URL itself, which must be http://host/interface.php',
          fix: { text: `Set it to ${u.protocol}//${u.host}/interface.php.` },
          faqId: 'APP-SERVER-ADDR',
          evidence,
        });
      }
      return pass(serverUrl, { evidence });
    }
    if (serverUrl.endsWith('/')) {
      return fail({
        summary: `${from} ${serverUrl} ends with "/"`,
        cause:
          'Android joins APP_SVR_URL + "/login", so every request goes to //login ' +
          'and the server answers 400 Bad Request',
        fix: {
          text:
            `Remove the trailing slash: ${serverUrl.replace(/\/+$/, '')} (here and ` +
            `in the app's APP_SVR_URL / kHttpServerAddr).`,
        },
        faqId: 'SRV-TRAILING',
        evidence,
      });
    }
    if (u.pathname !== '/' || u.search || u.hash) {
      return fail({
        summary: `${from} ${serverUrl} has a path`,
        cause: 'the path protocol needs the bare base URL; the apps append /login, /get_vod_list, …',
        fix: { text: `Use ${u.protocol}//${u.host}.` },
        faqId: 'APP-SERVER-ADDR',
        evidence,
      });
    }
    return pass(serverUrl, { evidence });
  },
});
