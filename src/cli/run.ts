/** Wraps command handlers: builds the context, runs the handler, hands the result to the output. */
import type { Command } from 'commander';
import { addConfigOptions, configOverrides } from './config-options.js';
import { createContext, type CliIO, type CommandContext, type GlobalOptions } from './context.js';
import { addOptions, type HandlerArgs, type OptionDefs } from './options.js';
import type { CommandResult, Output } from './output/output.js';

/** A command's logic: flags in, result out. It never prints or exits by itself. */
export type Handler<O extends OptionDefs> = (
  ctx: CommandContext,
  opts: HandlerArgs<O>,
  args: string[],
) => Promise<CommandResult>;

/** What a command accepts besides its arguments: its own options, and the config fields it takes as flags. */
export interface CommandSpec<O extends OptionDefs> {
  options?: O;
  /** Config field paths that become flags (`--push-key <value>`); ctx.loadConfig() applies the ones given. */
  config?: readonly string[];
}

/** Turns a handler into a commander action (main.ts makes the real one; tests pass a no-op). */
export type Runner = <O extends OptionDefs>(
  spec: CommandSpec<O>,
  handler: Handler<O>,
) => (...args: unknown[]) => Promise<void>;

/** Adds a spec's options to a command and makes the handler its action; the handler's options are typed by the spec. */
export function defineCommand<const O extends OptionDefs = Record<never, never>>(
  cmd: Command,
  run: Runner,
  spec: CommandSpec<O>,
  handler: Handler<O>,
): Command {
  if (spec.options) addOptions(cmd, spec.options);
  if (spec.config) addConfigOptions(cmd, spec.config);
  return cmd.action(run(spec, handler));
}

/** Shared mutable state of one CLI invocation: the exit code the handler asked for. */
export interface RunState {
  exitCode: number;
}

export function makeRunner(io: CliIO, output: Output, state: RunState): Runner {
  return <O extends OptionDefs>(spec: CommandSpec<O>, handler: Handler<O>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      const opts: Record<string, unknown> = command.optsWithGlobals();
      const globals: GlobalOptions = {
        json: Boolean(opts.json),
        yes: Boolean(opts.yes),
        verbose: Boolean(opts.verbose),
        color: opts.color !== false,
        ...(typeof opts.config === 'string' ? { config: opts.config } : {}),
        ...(typeof opts.profile === 'string' ? { profile: opts.profile } : {}),
      };
      const ctx = createContext(io, globals, output, configOverrides(opts, spec.config ?? []));
      // The one place option values meet their type: commander parsed them from spec.options.
      const result = await handler(ctx, command.opts<HandlerArgs<O>>(), command.args);
      output.result(result);
      state.exitCode = result.exitCode ?? 0;
    };
}
