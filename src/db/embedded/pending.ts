import type { TableName } from './tables.js';

/** Rows written but not yet durable, newest per key; a refused append clears them all. */
export class Pending {
  private readonly rows = new Map<string, { seq: number; row: unknown }>();
  private seq = 0;

  get(table: TableName, k: string): { row: unknown } | undefined {
    return this.rows.get(`${table}\u0001${k}`);
  }

  set(table: TableName, k: string, row: unknown): number {
    this.seq += 1;
    this.rows.set(`${table}\u0001${k}`, { seq: this.seq, row });
    return this.seq;
  }

  /** The write `seq` is durable: drop it unless a newer write of the same row is still in flight. */
  settle(table: TableName, k: string, seq: number): void {
    const id = `${table}\u0001${k}`;
    if (this.rows.get(id)?.seq === seq) this.rows.delete(id);
  }

  keys(table: TableName): string[] {
    const prefix = `${table}\u0001`;
    return [...this.rows.keys()].filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
  }

  clear(): void {
    this.rows.clear();
  }
}
