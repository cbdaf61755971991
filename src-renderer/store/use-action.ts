import { useCallback, useState } from 'react';
import { call } from '../api/client';
import type { Channel, RequestOf, ResponseOf } from '../../src-main/common/contract';
import { loader, remote, type Remote } from './loadable';

export interface Action<A extends unknown[], R> {
  /** Resolves with the answer, or undefined when it failed (see `error`) or a newer run (or reset) superseded it. */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  error: string | null;
  /** The last answer, until reset. */
  data: R | null;
  /** Forgets the answer and the error, and drops a run on its way. */
  reset(): void;
}

export interface ActionOptions {
  /** The words a failure shows; null when the component handles that failure itself (e.g. by its code). */
  error?(e: unknown): string | null;
}

/**
 * An action a component starts (sign, export, verify) with its busy and error state, through the same loader as the
 * slices: a channel called directly, or a slice action (which reloads what it changed). Passphrases pass through
 * `run` into the call and are never kept.
 */
export function useAction<C extends Channel>(
  channel: C,
  options?: ActionOptions,
): Action<[RequestOf<C>], ResponseOf<C>>;
export function useAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  options?: ActionOptions,
): Action<A, R>;
export function useAction(
  target: Channel | ((...args: unknown[]) => Promise<unknown>),
  options: ActionOptions = {},
): Action<unknown[], unknown> {
  const [state, setState] = useState<Remote<unknown>>(remote);
  const [l] = useState(() => loader<Remote<unknown>>({ set: setState }));
  const run = (...args: unknown[]) =>
    l.run(typeof target === 'string' ? () => call(target, args[0] as RequestOf<Channel>) : () => target(...args), {
      land: (cur, data) => ({ ...cur, data }),
      ...(options.error ? { error: options.error } : {}),
    });
  const reset = useCallback(() => {
    l.drop();
    setState(remote());
  }, [l]);
  return { run, busy: state.loading, error: state.error, data: state.data, reset };
}
