import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { PersonNames } from './PersonNames';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'sam.okafor', namespace: 'default' },
    spec: { profile: { displayName: 'Sam Okafor' }, memberOf: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'dev.ops', namespace: 'default' },
    spec: { memberOf: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'security-office',
      namespace: 'default',
      title: 'Security office',
    },
    spec: { type: 'team', children: [] },
  },
];

describe('PersonNames', () => {
  it('names people and groups as the catalog does, and refs it cannot resolve by their name part', async () => {
    const names = new PersonNames(
      catalogServiceMock({ entities }),
      mockServices.auth(),
    );
    const nameOf = await names.namesOf([
      'user:default/sam.okafor',
      'user:default/dev.ops',
      'group:default/security-office',
      'user:default/left.the.trust',
      'service-token:monitoring',
    ]);
    expect(nameOf('user:default/sam.okafor')).toBe('Sam Okafor');
    expect(nameOf('group:default/security-office')).toBe('Security office');
    expect(nameOf('user:default/dev.ops')).toBe('dev.ops');
    expect(nameOf('user:default/left.the.trust')).toBe('left.the.trust');
    expect(nameOf('service-token:monitoring')).toBe('monitoring');
  });

  it('still names people when the catalog does not answer, and asks it again next time', async () => {
    const catalog = catalogServiceMock({ entities });
    const lookup = jest
      .spyOn(catalog, 'getEntitiesByRefs')
      .mockRejectedValueOnce(new Error('catalog unavailable'));
    const names = new PersonNames(catalog, mockServices.auth());

    expect(await names.nameOf('user:default/sam.okafor')).toBe('sam.okafor');
    expect(await names.nameOf('user:default/sam.okafor')).toBe('Sam Okafor');
    expect(lookup).toHaveBeenCalledTimes(2);
  });
});
