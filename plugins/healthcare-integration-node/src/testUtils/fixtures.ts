import type { Entity } from '@backstage/catalog-model';
import type { CreateIntegrationRequest } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * A small organisation: users (with the display names the catalog shows, except `dev.ops` and
 * `random.person`, who have none), the groups they belong to, a parent group.
 */
export const USERS = {
  requester: 'user:default/priya.patel',
  security: 'user:default/sam.okafor',
  compliance: 'user:default/maria.gonzalez',
  clinical: 'user:default/jordan.lee',
  business: 'user:default/chris.nguyen',
  tester: 'user:default/alex.kim',
  support: 'user:default/taylor.brooks',
  technical: 'user:default/dev.ops',
  outsider: 'user:default/random.person',
};

const group = (name: string, parent?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
});

const user = (ref: string, groups: string[], displayName?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  spec: {
    memberOf: groups,
    ...(displayName ? { profile: { displayName } } : {}),
  },
  relations: groups.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

export const CATALOG_ENTITIES: Entity[] = [
  group('hospital-it'),
  group('security-office', 'hospital-it'),
  group('compliance-office', 'hospital-it'),
  group('clinical-informatics'),
  group('revenue-cycle'),
  group('quality-assurance'),
  group('it-support'),
  group('integration-engineering'),
  user(USERS.requester, ['integration-engineering'], 'Priya Patel'),
  user(USERS.security, ['security-office'], 'Sam Okafor'),
  user(USERS.compliance, ['compliance-office'], 'Maria Gonzalez'),
  user(USERS.clinical, ['clinical-informatics'], 'Jordan Lee'),
  user(USERS.business, ['revenue-cycle'], 'Chris Nguyen'),
  user(USERS.tester, ['quality-assurance'], 'Alex Kim'),
  user(USERS.support, ['it-support'], 'Taylor Brooks'),
  user(USERS.technical, []),
  user(USERS.outsider, []),
];

/** Roles mostly held by groups, as a health system assigns them. */
export const ROLE_HOLDERS = {
  businessOwner: 'group:default/revenue-cycle',
  technicalOwner: USERS.technical,
  processOwner: 'group:default/clinical-informatics',
  securityReviewer: 'group:default/security-office',
  complianceReviewer: 'group:default/compliance-office',
  testOwner: 'group:default/quality-assurance',
  supportOwner: 'group:default/it-support',
};

export function intake(
  name: string,
  profile: Partial<CreateIntegrationRequest['profile']> = {},
): CreateIntegrationRequest {
  return {
    name,
    title: `Integration ${name}`,
    profile: {
      phi: false,
      externalVendor: false,
      patientFacing: false,
      dataClasses: ['operational'],
      messageTypes: ['ADT^A01'],
      sourceSystem: 'component:default/epic-ehr',
      destinationSystem: 'component:default/analytics-warehouse',
      patientPopulation: 'All inpatients',
      businessReason: 'Bed management needs admissions in near real time',
      urgency: 'normal',
      ...profile,
    },
    roles: ROLE_HOLDERS,
  };
}

/**
 * A setup precondition for `beforeAll`/`beforeEach`, where `expect` does not belong
 * (jest/no-standalone-expect): unless the response has the expected status it throws, which
 * fails every test of the block just as a failed `expect` in the hook would.
 */
export function requireStatus(
  res: { status: number; body?: unknown },
  status: number,
  what: string,
): void {
  if (res.status !== status) {
    throw new Error(
      `${what}: expected HTTP ${status}, got ${res.status} ${JSON.stringify(
        res.body,
      )}`,
    );
  }
}
