/**
 * The command groups, each loaded only when its name is on the command line, so `minilvb sign`
 * never pays for the cloud SDKs or the database driver. Adding a command group is one line here.
 */
import type { Command } from 'commander';
import type { Runner } from './run.js';

/** A command group module registers its subcommands on the program. */
export interface CommandGroup {
  /**
   * `subcommand` is the word after the group name, if any: a group may then define only that
   * subcommand (startup time), and must define all of them when the word is not one of its own.
   */
  register(program: Command, run: Runner, subcommand?: string): void;
}

export const COMMAND_GROUPS: Readonly<Record<string, () => Promise<CommandGroup>>> = {
  config: () => import('./commands/config.js'),
  db: () => import('./commands/db.js'),
  serve: () => import('./commands/serve.js'),
  generate: () => import('./commands/generate.js'),
  init: () => import('./commands/init.js'),
  sign: () => import('./commands/sign.js'),
  doctor: () => import('./commands/doctor.js'),
  explain: () => import('./commands/explain.js'),
  cloud: () => import('./commands/cloud.js'),
  roomservice: () => import('./commands/roomservice.js'),
  deploy: () => import('./commands/deploy.js'),
};
