import { describe, expect, it } from 'vitest';
import {
  approvalWords,
  integrityOf,
  integrityWords,
  replicationWords,
  toneColour,
  verdictWords,
} from '../../../src-renderer/components/states';
import { replicationLabel, replicationMeaning } from '../../../src-renderer/features/dashboard/replication-labels';

describe('the state vocabulary (issue 17)', () => {
  it('names the three integrity states and the replay verdicts apart, never sharing a tone between failed and not reproduced', () => {
    expect(Object.values(integrityWords).map((w) => w.label)).toEqual([
      'Verified',
      'Verified with problems',
      'Refused',
    ]);
    expect(verdictWords['not-reproduced']).toMatchObject({ label: 'Not reproduced', tone: 'bad' });
    expect(verdictWords.failed).toMatchObject({ label: 'Failed (could not run)', tone: 'warn' });
    // Badges and charts share the colours: the replication chart's not-reproduced bar is the verdict badge's red.
    expect(toneColour[replicationWords['not-reproduced'].tone]).toBe(toneColour[verdictWords['not-reproduced'].tone]);
    expect(toneColour[verdictWords.failed.tone]).not.toBe(toneColour[verdictWords['not-reproduced'].tone]);
    expect(approvalWords.superseded.label).toBe('Superseded');
  });

  it("takes the core's integrity when the summary has it; from status alone only as a fallback", () => {
    expect(integrityOf({ status: 'verified', integrity: 'verified-with-problems' })).toBe('verified-with-problems');
    expect(integrityOf({ status: 'verified' })).toBe('verified');
    expect(integrityOf({ status: 'weak' })).toBe('verified-with-problems');
    expect(integrityOf({ status: 'refused-metadata' })).toBe('refused');
    expect(integrityOf({ status: 'invalid' })).toBe('refused');
  });

  it('the dashboard and the list read their replication labels from it', () => {
    expect(replicationLabel['not-reproduced']).toBe(replicationWords['not-reproduced'].label);
    expect(replicationMeaning.approved).toBe(replicationWords.approved.meaning);
  });

  it('a replication that could not run is its own state, in the failed verdict’s words and amber, never the red of not reproduced', () => {
    expect(replicationWords.failed).toMatchObject({
      label: verdictWords.failed.label,
      icon: verdictWords.failed.icon,
      tone: 'warn',
    });
    expect(replicationLabel.failed).toBe('Failed (could not run)');
    expect(replicationMeaning.failed).toMatch(/could not run, so it says nothing about the result/);
    expect(toneColour[replicationWords.failed.tone]).not.toBe(toneColour[replicationWords['not-reproduced'].tone]);
    expect(replicationWords['not-reproduced'].meaning).not.toMatch(/could not run/);
  });
});
