import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatDuration,
  formatMillis,
  formatRate,
  formatScalar,
  plural,
  shortDigest,
} from '../../../src-renderer/components/format';

describe('renderer display formatting', () => {
  it('formats byte counts with binary units and a dash for unknown sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatRate(0)).toBe('—');
    expect(formatRate(2048)).toBe('2.0 KB/s');
  });

  it('formats durations for the time-left estimate', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(200)).toBe('under a second');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_660_000)).toBe('1 h 1 min');
  });

  it('shows dates in local time as YYYY-MM-DD HH:mm, bare dates as written, junk unchanged', () => {
    const iso = '2026-03-04T05:06:07Z';
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
    expect(formatDate(iso)).toBe(local);
    expect(formatDate(iso, true)).toBe(`${local}:${p(d.getSeconds())}`);
    expect(formatDate('2025-07-16')).toBe('2025-07-16');
    expect(formatDate('last tuesday')).toBe('last tuesday');
    expect(formatDate(null)).toBe('—');
  });

  it('shortens digests and scalars for display', () => {
    expect(shortDigest('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortDigest('abc')).toBe('abc');
    expect(shortDigest(null)).toBe('—');
    expect(formatScalar(0.96666666666)).toBe('0.966667');
    expect(formatScalar(200)).toBe('200');
    expect(formatScalar(true)).toBe('true');
    expect(formatScalar(null)).toBe('—');
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('formatMillis keeps sub-second and second precision, then minutes', () => {
    expect(formatMillis(340.4)).toBe('340 ms');
    expect(formatMillis(1234)).toBe('1.23 s');
    expect(formatMillis(12_345)).toBe('12.3 s');
    expect(formatMillis(125_000)).toBe('2 min 5 s');
    expect(formatMillis(-1)).toBe('—');
    expect(formatMillis(Number.NaN)).toBe('—');
  });
});
