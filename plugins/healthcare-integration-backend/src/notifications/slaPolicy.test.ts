import { parsePolicy } from '../config/readPolicy';

describe('the policy SLA section', () => {
  const P = 'healthcareIntegration.policy';

  it('refuses an escalation that names both a role and a group, or neither', () => {
    for (const escalation of [
      { afterDaysOverdue: 2, role: 'businessOwner', group: 'group:default/x' },
      { afterDaysOverdue: 2 },
    ]) {
      expect(() => parsePolicy({ sla: { escalation } }, P)).toThrow(
        `Invalid ${P}.sla.escalation: name exactly one of role or group to escalate to`,
      );
    }
  });

  it('names the field that is wrong', () => {
    expect(() =>
      parsePolicy(
        { sla: { escalation: { afterDaysOverdue: 1, group: 'it-office' } } },
        P,
      ),
    ).toThrow(
      `Invalid ${P}.sla.escalation.group: must be a full user or group ref`,
    );
    expect(() => parsePolicy({ sla: { dueSoonDays: -1 } }, P)).toThrow(
      /^Invalid healthcareIntegration\.policy\.sla\.dueSoonDays:/,
    );
  });

  it('is absent unless set, and is covered by the policy hash when set', () => {
    const without = parsePolicy({}, P);
    const withSla = parsePolicy({ sla: { dueSoonDays: 3 } }, P);
    expect(without.policy.sla).toBeUndefined();
    expect(withSla.policy.sla).toEqual({ dueSoonDays: 3 });
    expect(withSla.hash).not.toBe(without.hash);
  });
});
