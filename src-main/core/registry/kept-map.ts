import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * A small JSON map kept in the store's folder between runs (`registry/*.json`): string keys, each value saved with
 * when it was kept. Bounded on disk and in memory: entries older than `maxAgeMs` and all but the newest `maxEntries`
 * are dropped on each write, and a file larger than `maxFileBytes` is not read. What it keeps is a convenience (an
 * upload to resume, a digest already computed): absent, unreadable or malformed, it reads as empty, and a failed write
 * is ignored; every use checks what it finds against the registry.
 */
export interface KeptMapLimits {
  maxEntries: number;
  maxAgeMs: number;
  maxFileBytes: number;
}

export interface KeptMap<T> {
  get(key: string): T | null;
  set(key: string, value: T): void;
  delete(key: string): void;
}

/** Each entry is kept as the value's fields plus `savedAt` (ms since the epoch). */
export function keptMap<S extends z.ZodRawShape>(
  file: string,
  value: z.ZodObject<S>,
  limits: KeptMapLimits,
): KeptMap<z.infer<z.ZodObject<S>>> {
  type T = z.infer<z.ZodObject<S>>;
  const schema = z.record(z.string().max(1000), value.extend({ savedAt: z.number().finite() }));
  type Entries = Record<string, T & { savedAt: number }>;
  const read = (): Entries => {
    try {
      const text = readFileSync(file, 'utf8');
      if (text.length > limits.maxFileBytes) return {};
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? (parsed.data as Entries) : {};
    } catch {
      return {};
    }
  };
  const write = (entries: Entries): void => {
    const now = Date.now();
    const kept = Object.entries(entries)
      .filter(([, e]) => now - e.savedAt < limits.maxAgeMs)
      .sort((a, b) => b[1].savedAt - a[1].savedAt)
      .slice(0, limits.maxEntries);
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      if (kept.length === 0) {
        rmSync(file, { force: true });
        return;
      }
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(Object.fromEntries(kept)), { mode: 0o600 });
      renameSync(temp, file);
    } catch {
      // Keeping it is a convenience: the caller goes on without it.
    }
  };
  return {
    get: (key) => {
      const entry = read()[key];
      if (!entry || Date.now() - entry.savedAt >= limits.maxAgeMs) return null;
      const { savedAt: _, ...v } = entry;
      return v as T;
    },
    set: (key, v) => {
      const entries = read();
      entries[key] = { ...v, savedAt: Date.now() };
      write(entries);
    },
    delete: (key) => {
      const entries = read();
      if (!(key in entries)) return;
      delete entries[key];
      write(entries);
    },
  };
}
