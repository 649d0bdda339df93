/** Wraps command handlers: builds the context, runs the handler, hands the result to the output. */
import type { Command } from 'commander';
import { createContext, type CliIO, type CommandContext, type GlobalOptions } from './context.js';
import type { CommandResult, Output } from './output/output.js';

/** A command's logic: flags in, result out. It never prints or exits by itself. */
export type Handler<O = Record<string, unknown>> = (ctx: CommandContext, opts: O, args: string[]) => Promise<CommandResult>;

/** Turns a handler into a commander action. */
export type Runner = <O>(handler: Handler<O>) => (...args: unknown[]) => Promise<void>;

/** Shared mutable state of one CLI invocation: the exit code the handler asked for. */
export interface RunState {
  exitCode: number;
}

export function makeRunner(io: CliIO, output: Output, state: RunState): Runner {
  return <O>(handler: Handler<O>) =>
    async (...args: unknown[]): Promise<void> => {
      const cmd = args[args.length - 1] as Command;
      const opts = cmd.optsWithGlobals() as O & GlobalOptions;
      const globals: GlobalOptions = {
        json: Boolean(opts.json),
        yes: Boolean(opts.yes),
        verbose: Boolean(opts.verbose),
        color: opts.color !== false,
        ...(opts.config ? { config: opts.config } : {}),
        ...(opts.profile ? { profile: opts.profile } : {}),
      };
      const ctx = createContext(io, globals, output);
      const result = await handler(ctx, opts, cmd.args);
      output.result(result);
      state.exitCode = result.exitCode ?? 0;
    };
}
