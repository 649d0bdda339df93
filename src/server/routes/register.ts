/** `/register` (not signed): creates tb_account, the password kept per `passwordStorage` (docs/app-protocol.md#d5). */
import { countAttempt, withKdf } from '../abuse/login-guard.js';
import { storedPassword } from '../credentials.js';
import { CODE, fail, ok } from '../envelope.js';
import { PASSWORD_RULE } from '../param-checker.js';
import { endpoint } from './endpoint.js';

export const register = endpoint({
  name: 'register',
  auth: 'none',
  rules: [PASSWORD_RULE],
  async handle(ctx, { userid, params, client }) {
    countAttempt(ctx, 'register', userid, client);
    // A cheap existence check first spares a 40 ms KDF for the common "already taken" case.
    if (await ctx.store.getAccount(userid)) throw fail(CODE.userExist, 'register user id existed');
    const password = await withKdf('register', () =>
      storedPassword(params.password as string, ctx.config.server.passwordStorage, ctx.kdf),
    );
    const created = await ctx.store.createAccount(userid, password);
    if (created === 'exists') throw fail(CODE.userExist, 'register user id existed');
    return ok();
  },
});
