import type { Entity } from '@backstage/catalog-model';
import { DEFAULT_POLICY } from '@hcig/backstage-plugin-healthcare-integration-common';
import { CATALOG_ENTITIES } from '../../testing/fixtures';

/** Many reviewers per office, so that concurrent decisions come from distinct people. */
export const SECURITY_REVIEWERS = Array.from(
  { length: 25 },
  (_, i) => `user:default/sec-${i + 1}`,
);
export const COMPLIANCE_REVIEWERS = Array.from(
  { length: 25 },
  (_, i) => `user:default/cmp-${i + 1}`,
);

const member = (ref: string, group: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  spec: { memberOf: [group] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
});

export const HARNESS_ENTITIES: Entity[] = [
  ...CATALOG_ENTITIES,
  ...SECURITY_REVIEWERS.map(r => member(r, 'security-office')),
  ...COMPLIANCE_REVIEWERS.map(r => member(r, 'compliance-office')),
];

/** The default policy plus a gate that two roles must both approve. */
export const HARNESS_CONFIG = {
  healthcareIntegration: {
    policy: {
      gates: [
        ...DEFAULT_POLICY.gates,
        {
          id: 'dual-review',
          title: 'Security and compliance joint review',
          stage: 'intake',
          approverRoles: ['securityReviewer', 'complianceReviewer'],
          slaDays: 2,
        },
      ],
    },
  },
} as any;
