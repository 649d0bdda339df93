/**
 * Config paths as a type derived from the schema: `ConfigPath` is every dotted path of a value in
 * MinilvbConfig, so a misspelt path (a check's `needs.config`, a command's flags) is a compile error.
 */
import type { MinilvbConfig } from './schema.js';

type Leaves<T, Prefix extends string> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends Record<string, unknown> | object
    ? NonNullable<T[K]> extends string | number | boolean
      ? `${Prefix}${K}`
      : Leaves<NonNullable<T[K]>, `${Prefix}${K}.`>
    : `${Prefix}${K}`;
}[keyof T & string];

/** Every dotted path of a value in the resolved config, e.g. `cos.bucket`. */
export type ConfigPath = Leaves<MinilvbConfig, ''>;

type ValueAt<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? ValueAt<NonNullable<T[Head]>, Rest> | (undefined extends T[Head] ? undefined : never)
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** The type of the value at a config path (optional fields and the optional `db` section include undefined). */
export type ConfigValue<P extends ConfigPath> = ValueAt<MinilvbConfig, P>;

/** The values at several config paths, each typed by its path and known to be set. */
export type ConfigValues<P extends readonly ConfigPath[]> = {
  -readonly [K in keyof P]: NonNullable<ConfigValue<P[K]>>;
};
