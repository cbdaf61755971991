import initSqlJs, { type Database, type SqlJsStatic, type Statement } from 'sql.js';
import type { SqlValue } from './sql-params';

let sqlJs: Promise<SqlJsStatic> | null = null;

/** sql.js compiles its WebAssembly once per process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

const CACHE_LIMIT = 200;

/**
 * The in-memory database with a small prepared-statement cache (preparing dominates short queries).
 * All calls are synchronous, so a cached statement is never used by two callers at once.
 */
export class SqlDb {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly db: Database) {
    // Durability comes from the store's own journal; SQLite's rollback journal only serves ROLLBACK,
    // so it stays in memory instead of being written to the emulated file system on every commit.
    db.run('PRAGMA journal_mode = MEMORY');
    // REFERENCES clauses are promises only when SQLite enforces them; set per connection, so replay enforces them too.
    db.run('PRAGMA foreign_keys = ON');
  }

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (s) return s;
    s = this.db.prepare(sql);
    if (this.cache.size >= CACHE_LIMIT) {
      const [oldest, old] = this.cache.entries().next().value as [string, Statement];
      old.free();
      this.cache.delete(oldest);
    }
    this.cache.set(sql, s);
    return s;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): T[] {
    const s = this.stmt(sql);
    try {
      s.bind(params ? [...params] : []);
      const out: T[] = [];
      while (s.step()) out.push(s.getAsObject() as T);
      return out;
    } finally {
      s.reset();
    }
  }

  get<T>(sql: string, params?: readonly SqlValue[]): T | undefined {
    const s = this.stmt(sql);
    try {
      s.bind(params ? [...params] : []);
      return s.step() ? (s.getAsObject() as T) : undefined;
    } finally {
      s.reset();
    }
  }

  /** Calls `onRow` with each row as an array; the array is reused by sql.js callers, so copy what you keep. */
  iterate(sql: string, params: readonly SqlValue[] | undefined, onRow: (row: SqlValue[]) => void): void {
    const s = this.stmt(sql);
    try {
      s.bind(params ? [...params] : []);
      while (s.step()) onRow(s.get() as SqlValue[]);
    } finally {
      s.reset();
    }
  }

  /** Runs one statement with parameters, or a parameterless script (several statements) as is. */
  run(sql: string, params?: readonly SqlValue[]): { changes: number } {
    if (params && params.length > 0) {
      const s = this.stmt(sql);
      try {
        s.bind([...params]);
        s.step();
      } finally {
        s.reset();
      }
    } else {
      this.db.run(sql);
    }
    return { changes: this.db.getRowsModified() };
  }

  exec(sql: string): void {
    this.db.run(sql);
  }

  close(): void {
    for (const s of this.cache.values()) s.free();
    this.cache.clear();
    this.db.close();
  }
}
