import { gateBlockersInWords } from './gateBlockersInWords';

const NOW = new Date('2026-12-02T12:00:00Z');

describe('gateBlockersInWords', () => {
  it('words each blocker with names, and keeps what only the backend knows', () => {
    const gates = [
      {
        id: 'intake',
        title: 'Intake review',
        status: 'in-review',
        requires: [],
        evidenceKinds: [],
      },
    ];
    const gate = {
      id: 'test-evidence',
      title: 'Test evidence',
      status: 'pending',
      requires: ['intake'],
      evidenceKinds: ['test-result', 'baa'],
      requiresTestMatrix: true,
      blockers: [
        'waiting for gate "Intake review" (in-review)',
        'needs test-result evidence',
        'baa evidence expired on 2026-11-30T00:00:00.000Z',
        'the vendor has not countersigned the interface agreement',
      ],
    };
    const words = gateBlockersInWords(
      gate,
      [...gates, gate],
      [{ kind: 'baa', expiresAt: '2026-11-30T00:00:00.000Z' }],
      [{ scenario: 'happy-path', result: 'passed', evidenceId: 'e1' }],
      NOW,
    );
    expect(words).toEqual([
      '“Intake review” comes first (in review)',
      'no Test result uploaded yet',
      'the Business associate agreement (BAA) expired on 2026-11-30',
      'tests not yet passed with evidence: Missing data, Duplicate record, Failed message, Access denial, Downtime, Rollback',
      'the vendor has not countersigned the interface agreement',
    ]);
    expect(words.join(' ')).not.toMatch(
      /test-result|\bbaa\b|happy-path|missing-data/,
    );
  });
});
