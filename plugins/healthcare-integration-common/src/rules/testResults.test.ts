import { EVIDENCE_KINDS } from '../types';
import {
  isTestEvidence,
  testEvidenceRefusal,
  testRecorderRefusal,
} from './testResults';

describe('test results', () => {
  it('lets only a person holding the test owner role record results', () => {
    expect(
      testRecorderRefusal({
        ref: 'user:default/tess',
        isUser: true,
        roles: ['technicalOwner', 'testOwner'],
      }),
    ).toBeUndefined();
    const requester = testRecorderRefusal({
      ref: 'user:default/priya',
      isUser: true,
      roles: ['technicalOwner'],
    });
    expect(requester).toMatchObject({
      rule: 'test-owner-records-results',
      kind: 'not-allowed',
    });
    expect(requester?.message).toContain('user:default/priya');
    // A service principal holds no role on the record, even if it claimed one.
    expect(
      testRecorderRefusal({
        ref: 'plugin:ci',
        isUser: false,
        roles: ['testOwner'],
      })?.rule,
    ).toBe('test-owner-records-results');
  });

  it('accepts only test evidence as what a result cites', () => {
    expect(
      testEvidenceRefusal({ id: 'e1', kind: 'test-result' }),
    ).toBeUndefined();
    const spec = testEvidenceRefusal({ id: 'e2', kind: 'mapping-spec' });
    expect(spec).toMatchObject({
      rule: 'test-result-cites-test-evidence',
      kind: 'invalid',
    });
    expect(spec?.message).toMatch(/e2 is Mapping specification/);
    expect(EVIDENCE_KINDS.filter(isTestEvidence)).toEqual(['test-result']);
    expect(testEvidenceRefusal({ id: 'e3', kind: 'custom-kind' })?.rule).toBe(
      'test-result-cites-test-evidence',
    );
  });
});
