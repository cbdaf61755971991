import type { StateCreator } from 'zustand';
import type { AppState } from './types';

/**
 * The one way the renderer loads: loading and error live next to the data they describe, the newest request wins
 * (an older answer arriving after it is dropped), and a list that pages keeps offset, limit and total in one place.
 * Slices use it on their pieces of the store; the one-off hooks (use-call.ts) use the same loader on React state.
 */

export interface Loadable {
  loading: boolean;
  error: string | null;
}

/** One value from the core: null until the first answer. */
export interface Remote<T> extends Loadable {
  data: T | null;
}

/** One value of one thing (a bundle, a replay): `key` says whose, so another's never shows under this one. */
export interface Scoped<T> extends Remote<T> {
  key: string | null;
}

/** A list; `loaded` once an answer arrived, so an empty one means "none" rather than "not yet". */
export interface List<Row> extends Loadable {
  rows: Row[];
  loaded: boolean;
}

/** A list the core pages: `total` is how many match, `rows` the pages loaded so far. */
export interface Paged<Row> extends List<Row> {
  total: number;
}

export const remote = <T>(): Remote<T> => ({ data: null, loading: false, error: null });
export const scoped = <T>(): Scoped<T> => ({ key: null, data: null, loading: false, error: null });
export const list = <Row>(): List<Row> => ({ rows: [], loaded: false, loading: false, error: null });
export const paged = <Row>(): Paged<Row> => ({ rows: [], total: 0, loaded: false, loading: false, error: null });

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** A newer request wins: `begin()` makes every earlier request stale and returns "is this one still current?". */
export function latestOnly(): () => () => boolean {
  let seq = 0;
  return () => {
    const mine = ++seq;
    return () => mine === seq;
  };
}

/** Where one loadable piece lives: its current value, and how to replace it. */
export interface Piece<S> {
  get(): S;
  set(next: (cur: S) => S): void;
}

type Set = Parameters<StateCreator<AppState>>[0];
type Get = Parameters<StateCreator<AppState>>[1];

/** A top-level key of the store (`at(set, get, 'info')`) or one key below it (`at(set, get, 'approvals', 'inbox')`). */
export function at<K extends keyof AppState>(set: Set, get: Get, k: K): Piece<AppState[K]>;
export function at<K extends keyof AppState, J extends keyof AppState[K]>(
  set: Set,
  get: Get,
  k: K,
  j: J,
): Piece<AppState[K][J]>;
export function at(set: Set, get: Get, k: keyof AppState, j?: PropertyKey): Piece<unknown> {
  const read = (s: AppState): unknown =>
    j === undefined ? s[k] : (s[k] as unknown as Record<PropertyKey, unknown>)[j];
  return {
    get: () => read(get()),
    set: (next) =>
      set(
        (s) =>
          ({ [k]: j === undefined ? next(read(s)) : { ...(s[k] as object), [j]: next(read(s)) } }) as Partial<AppState>,
      ),
  };
}

export interface RunOptions<S, R> {
  /** How the answer lands in the piece (loading and error are cleared after it). */
  land(cur: S, answer: R): S;
  /** How the piece looks while the request is out; by default it keeps its data and shows loading. */
  start?(cur: S): S;
  /** The words a failure shows; null when the caller handles it (nothing is shown). */
  error?(e: unknown): string | null;
}

export interface Loader<S> {
  /**
   * Runs one request for the piece; resolves with its answer when it landed, undefined when it failed or a newer one
   * won.
   */
  run<R>(fetch: () => Promise<R>, how: RunOptions<S, R>): Promise<R | undefined>;
  /** Makes the request on its way stale (the piece was reset or left). */
  drop(): void;
}

const showLoading = <S extends Loadable>(cur: S): S => ({ ...cur, loading: true, error: null });

export function loader<S extends Loadable>(piece: Pick<Piece<S>, 'set'>): Loader<S> {
  const begin = latestOnly();
  return {
    async run(fetch, how) {
      const current = begin();
      piece.set(how.start ?? showLoading);
      try {
        const answer = await fetch();
        if (!current()) return undefined;
        piece.set((cur) => ({ ...how.land(cur, answer), loading: false, error: null }));
        return answer;
      } catch (e) {
        if (current()) piece.set((cur) => ({ ...cur, loading: false, error: how.error ? how.error(e) : errorText(e) }));
        return undefined;
      }
    },
    drop() {
      begin();
    },
  };
}

/**
 * A one-value piece: the newest answer replaces the data (the last one stays on screen, beside an error, meanwhile).
 */
export function remoteLoader<T>(piece: Piece<Remote<T>>, fetch: () => Promise<T>): () => Promise<void> {
  const l = loader(piece);
  return async () => {
    await l.run(fetch, { land: (cur, data) => ({ ...cur, data }) });
  };
}

/** A value per key: switching to another key clears the data at once; reloading the same key keeps it meanwhile. */
export function scopedLoader<T>(
  piece: Piece<Scoped<T>>,
  fetch: (key: string) => Promise<T>,
): (key: string) => Promise<void> {
  const l = loader(piece);
  return async (key) => {
    await l.run(() => fetch(key), {
      start: (cur) => ({ ...cur, ...(cur.key === key ? {} : { data: null }), key, loading: true, error: null }),
      land: (cur, data) => ({ ...cur, data }),
    });
  };
}

/** A list (or any piece with `rows`) scoped to a key: another key's rows never show under this one while it loads. */
export function rescope<S extends List<unknown> & { key: string | null }>(key: string | null, empty: S): (cur: S) => S {
  return (cur) => ({ ...(cur.key === key ? cur : empty), key, loading: true, error: null });
}

/** A list loaded whole (no paging); `start` may reset the piece first (see rescope). */
export function listLoader<Row, R, S extends List<Row> = List<Row>>(
  piece: Piece<S>,
  o: { fetch(): Promise<R>; rows(answer: R): Row[] },
): (start?: (cur: S) => S) => Promise<void> {
  const l = loader(piece);
  return async (start) => {
    await l.run(o.fetch, {
      ...(start ? { start } : {}),
      land: (cur, r) => ({ ...cur, rows: o.rows(r), loaded: true }),
    });
  };
}

export interface PagerOptions<Row, R, S> {
  limit: number;
  fetch(page: { offset: number; limit: number }): Promise<R>;
  page(answer: R): { rows: Row[]; total: number };
  /** What else an answer carries that lands beside the rows (e.g. counts). */
  also?(answer: R): Partial<S>;
}

export interface Pager<S> {
  /** The first page, replacing the rows (a refresh, or new filters, sort or scope); `start` may reset the piece. */
  load(start?: (cur: S) => S): Promise<void>;
  /** The next page, appended; nothing while a page loads or once every row is here. A newer load drops it. */
  more(): Promise<void>;
}

export function pager<Row, R, S extends Paged<Row> = Paged<Row>>(
  piece: Piece<S>,
  o: PagerOptions<Row, R, S>,
): Pager<S> {
  const l = loader(piece);
  const also = (r: R): Partial<S> => o.also?.(r) ?? {};
  return {
    async load(start) {
      await l.run(() => o.fetch({ offset: 0, limit: o.limit }), {
        ...(start ? { start } : {}),
        land: (cur, r) => ({ ...cur, ...also(r), ...o.page(r), loaded: true }),
      });
    },
    async more() {
      const cur = piece.get();
      if (cur.loading || cur.rows.length >= cur.total) return;
      const offset = cur.rows.length;
      await l.run(() => o.fetch({ offset, limit: o.limit }), {
        start: (c) => ({ ...c, loading: true }),
        land: (c, r) => {
          const p = o.page(r);
          return { ...c, ...also(r), rows: [...c.rows, ...p.rows], total: p.total };
        },
      });
    },
  };
}
