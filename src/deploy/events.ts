/** Progress and results of a deploy, as data: the CLI renders them, programs and tests read them. */
import type { MinilvbError } from '../errors.js';

/** One step of one host changed state. */
export interface DeployEvent {
  host: string;
  step: string;
  status: 'start' | 'done' | 'fail' | 'skip';
  detail?: string;
}

export type EventSink = (event: DeployEvent) => void;

/** The outcome on one host. */
export interface HostResult {
  host: string;
  status: 'deployed' | 'unchanged' | 'failed' | 'rolled-back' | 'not-started';
  release?: string;
  previous?: string;
  detail?: string;
  error?: { code: string; message: string; hint?: string };
}

export function errorSummary(e: MinilvbError): NonNullable<HostResult['error']> {
  return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
}

/** Runs one named step, emitting start and done/fail. */
export async function step<T>(emit: EventSink, host: string, name: string, fn: () => Promise<T>): Promise<T> {
  emit({ host, step: name, status: 'start' });
  try {
    const out = await fn();
    const detail = typeof out === 'string' ? out : (out as { detail?: unknown } | undefined)?.detail;
    emit({ host, step: name, status: 'done', ...(typeof detail === 'string' && detail ? { detail } : {}) });
    return out;
  } catch (e) {
    emit({ host, step: name, status: 'fail', detail: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}
