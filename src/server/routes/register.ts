/** `/register` (not signed): creates tb_account with the password kept per `passwordStorage` (D5). */
import { storedPassword } from '../credentials.js';
import { CODE, fail, ok } from '../envelope.js';
import { PASSWORD_RULE } from '../param-checker.js';
import { endpoint } from './endpoint.js';

export const register = endpoint({
  name: 'register',
  auth: 'none',
  rules: [PASSWORD_RULE],
  sensitive: true,
  async handle(ctx, { userid, params }) {
    // A cheap existence check first spares a 40 ms KDF for the common "already taken" case.
    if (await ctx.store.getAccount(userid)) throw fail(CODE.userExist, 'register user id existed');
    const password = await storedPassword(params.password as string, ctx.config.server.passwordStorage);
    const created = await ctx.store.createAccount(userid, password);
    if (created === 'exists') throw fail(CODE.userExist, 'register user id existed');
    return ok();
  },
});
