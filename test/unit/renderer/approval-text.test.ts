import { describe, expect, it } from 'vitest';
import { justificationNames, parseOwners, recordState } from '../../../src-renderer/features/approvals/approval-text';

const metric = (name: string, pass: boolean) => ({ name, pass, reported: 1, replayed: 0.9, delta: -0.1, tolerance: { abs: 0, rel: 0 } });
const replay = (verdict: 'reproduced' | 'not-reproduced' | 'failed', metrics: ReturnType<typeof metric>[]) =>
  ({ verdict, outcome: { metrics } }) as unknown as Parameters<typeof justificationNames>[0];

describe('approvals screen text', () => {
  it('parses an owner list, de-duplicated, and names each entry that is not an email', () => {
    expect(parseOwners(' lee@example.org, ana@example.org;lee@example.org\nbo@x.io ')).toEqual({ owners: ['lee@example.org', 'ana@example.org', 'bo@x.io'], bad: [] });
    expect(parseOwners('lee@example.org, not-an-email, @x')).toEqual({ owners: ['lee@example.org', 'not-an-email', '@x'], bad: ['not-an-email', '@x'] });
    expect(parseOwners('   ')).toEqual({ owners: [], bad: [] });
  });

  it('names a decision approved, rejected, or superseded once it no longer holds', () => {
    expect(recordState({ holds: true, decision: 'approve' })).toBe('approved');
    expect(recordState({ holds: true, decision: 'reject' })).toBe('rejected');
    expect(recordState({ holds: false, decision: 'approve' })).toBe('superseded');
  });

  it('asks for a justification per metric outside tolerance, or for the outputs when only predictions differ', () => {
    expect(justificationNames(null)).toEqual([]);
    expect(justificationNames(replay('reproduced', [metric('accuracy', true)]))).toEqual([]);
    expect(justificationNames(replay('failed', []))).toEqual([]);
    expect(justificationNames(replay('not-reproduced', [metric('accuracy', false), metric('f1', true), metric('log_loss', false)]))).toEqual(['accuracy', 'log_loss']);
    expect(justificationNames(replay('not-reproduced', [metric('accuracy', true)]))).toEqual(['outputs']);
  });
});
