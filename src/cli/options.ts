/**
 * A command's options, defined once as data: the flags commander parses and the type its handler
 * receives (`HandlerArgs`, after wrangler's) both come from the same definition, so a handler
 * cannot read an option that does not exist or mistake a list for a string.
 */
import { Option, type Command } from 'commander';

/** One option of a command. */
export interface OptionDef {
  /** Commander syntax: `-s, --stream <id>` takes a value, `--backup` is a switch, `--no-generate` a negated one. */
  readonly flags: string;
  readonly description: string;
  readonly required?: true;
  readonly default?: string;
  /** Repeatable: each occurrence adds a value (`comma`: also split on commas); absent → []. */
  readonly repeat?: true | 'comma';
}

/** A command's options by attribute name (the camelCase of the long flag, e.g. `txTime` for `--tx-time`). */
export type OptionDefs = Readonly<Record<string, OptionDef>>;

type ValueOf<D extends OptionDef> = D extends { repeat: true | 'comma' }
  ? string[]
  : D['flags'] extends `${string}<${string}>` | `${string}[${string}]`
    ? string
    : boolean;

/** Options that always have a value: required, defaulted, repeatable, or negatable (`--no-x` defaults to true). */
type Always<D extends OptionDef> = D extends
  { required: true } | { default: string } | { repeat: true | 'comma' } | { flags: `--no-${string}` }
  ? true
  : false;

/** The options object a handler receives, derived from its definitions. */
export type HandlerArgs<O extends OptionDefs> = {
  readonly [K in keyof O as Always<O[K]> extends true ? K : never]: ValueOf<O[K]>;
} & {
  readonly [K in keyof O as Always<O[K]> extends true ? never : K]?: ValueOf<O[K]>;
};

/** Keeps the literal types of a definition (flags, required) so HandlerArgs can read them. */
export function defineOptions<const O extends OptionDefs>(options: O): O {
  return options;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const collectComma = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

/**
 * Adds the defined options to a command; a key that is not its flag's attribute name is a bug caught at registration.
 */
export function addOptions(cmd: Command, options: OptionDefs): Command {
  for (const [key, def] of Object.entries(options)) {
    const option = new Option(def.flags, def.description);
    if (option.attributeName() !== key)
      throw new Error(`option ${def.flags} must be defined as ${option.attributeName()}, not ${key}`);
    if (def.required) option.makeOptionMandatory();
    if (def.repeat) option.argParser(def.repeat === 'comma' ? collectComma : collect).default([]);
    else if (def.default !== undefined) option.default(def.default);
    cmd.addOption(option);
  }
  return cmd;
}
