import { describe, expect, it } from 'vitest';
import { parseOwners, recordState } from '../../../src-renderer/features/approvals/approval-text';

describe('approvals screen text', () => {
  it('parses an owner list, de-duplicated, and names each entry that is not an email', () => {
    expect(parseOwners(' lee@example.org, ana@example.org;lee@example.org\nbo@x.io ')).toEqual({
      owners: ['lee@example.org', 'ana@example.org', 'bo@x.io'],
      bad: [],
    });
    expect(parseOwners('lee@example.org, not-an-email, @x')).toEqual({
      owners: ['lee@example.org', 'not-an-email', '@x'],
      bad: ['not-an-email', '@x'],
    });
    expect(parseOwners('   ')).toEqual({ owners: [], bad: [] });
  });

  it('names a decision approved, rejected, or superseded once it no longer holds', () => {
    expect(recordState({ holds: true, decision: 'approve' })).toBe('approved');
    expect(recordState({ holds: true, decision: 'reject' })).toBe('rejected');
    expect(recordState({ holds: false, decision: 'approve' })).toBe('superseded');
  });
});
