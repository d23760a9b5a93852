import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YAML from 'yaml';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { HealthcareIntegrationEntityProcessor } from './HealthcareIntegrationEntityProcessor';
import {
  RELATION_RECEIVES_DATA_FROM,
  RELATION_SENDS_DATA_TO,
} from './relations';

const EXAMPLES_DIR = resolve(__dirname, '../../../catalog/integrations');
const location = {
  type: 'url',
  target: 'https://git.example.org/catalog/integrations/x.yaml',
};

function integration(
  healthcare: Record<string, unknown> = {},
  name = 'ehr-lab-orders',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'healthcare-integration',
      lifecycle: 'production',
      owner: 'group:default/integration-engineering',
      healthcare: {
        phi: true,
        externalVendor: false,
        patientFacing: false,
        dataClasses: ['demographics', 'lab-results'],
        messageTypes: ['ORM^O01', 'ORU^R01'],
        sourceSystem: 'component:default/epic-ehr',
        destinationSystem: 'component:default/sunquest-lis',
        patientPopulation: "All inpatients and ED patients at St. Mary's",
        businessReason: 'Replace paper requisitions for lab orders',
        urgency: 'normal',
        roles: {
          businessOwner: 'user:default/chris.nguyen',
          technicalOwner: 'group:default/integration-engineering',
          processOwner: 'user:default/jordan.lee',
          securityReviewer: 'group:default/security-office',
          complianceReviewer: 'group:default/compliance-office',
          testOwner: 'user:default/alex.kim',
          supportOwner: 'group:default/it-support',
        },
        ...healthcare,
      },
    },
  };
}

const withoutRole = (role: string) => {
  const e = integration();
  delete (e.spec!.healthcare as any).roles[role];
  return e;
};

describe('HealthcareIntegrationEntityProcessor', () => {
  const processor = new HealthcareIntegrationEntityProcessor();

  describe('validateEntityKind', () => {
    it('accepts a valid integration', async () => {
      await expect(processor.validateEntityKind(integration())).resolves.toBe(
        true,
      );
    });

    it('leaves other components and kinds to the built-in processor', async () => {
      const service = {
        ...integration(),
        spec: { type: 'service', lifecycle: 'production', owner: 'x' },
      };
      await expect(processor.validateEntityKind(service)).resolves.toBe(false);
      await expect(
        processor.validateEntityKind({ ...integration(), kind: 'API' }),
      ).resolves.toBe(false);
    });

    const examples = readdirSync(EXAMPLES_DIR).filter(f => f.endsWith('.yaml'));
    it('finds the five example integrations', () => {
      expect(examples).toHaveLength(5);
    });
    it.each(examples)(
      'accepts the example catalog/integrations/%s',
      async file => {
        const docs = YAML.parseAllDocuments(
          readFileSync(resolve(EXAMPLES_DIR, file), 'utf8'),
        );
        for (const doc of docs) {
          const entity = doc.toJS() as Entity;
          expect(entity.spec?.type).toBe('healthcare-integration');
          await expect(processor.validateEntityKind(entity)).resolves.toBe(
            true,
          );
        }
      },
    );

    it('rejects a missing role, naming the entity and field', async () => {
      const error = await processor
        .validateEntityKind(withoutRole('securityReviewer'))
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        'Component ehr-lab-orders: spec.healthcare.roles.securityReviewer is required',
      );
    });

    it('rejects an unknown data class, naming the index and the allowed values', async () => {
      const entity = integration({ dataClasses: ['demographics', 'labs'] });
      await expect(processor.validateEntityKind(entity)).rejects.toThrow(
        /^Component ehr-lab-orders: spec\.healthcare\.dataClasses\[1\]: unknown data class "labs"; expected one of demographics, clinical, lab-results, /,
      );
    });

    it('rejects a missing sourceSystem', async () => {
      const entity = integration();
      delete (entity.spec!.healthcare as any).sourceSystem;
      await expect(processor.validateEntityKind(entity)).rejects.toThrow(
        'Component ehr-lab-orders: spec.healthcare.sourceSystem is required',
      );
    });

    it('rejects a role holder that is not a user or group', async () => {
      const entity = integration();
      (entity.spec!.healthcare as any).roles.testOwner =
        'component:default/epic-ehr';
      await expect(processor.validateEntityKind(entity)).rejects.toThrow(
        /spec\.healthcare\.roles\.testOwner: must be a user or group entity ref/,
      );
    });

    it('requires vendorName for an external vendor, as intake does', async () => {
      await expect(
        processor.validateEntityKind(integration({ externalVendor: true })),
      ).rejects.toThrow(
        'spec.healthcare.vendorName is required when externalVendor is true',
      );
    });

    it('reports a missing spec.healthcare and several problems at once', async () => {
      const bare = integration();
      delete bare.spec!.healthcare;
      await expect(processor.validateEntityKind(bare)).rejects.toThrow(
        'Component ehr-lab-orders: spec.healthcare is required',
      );
      const e = withoutRole('testOwner');
      (e.spec!.healthcare as any).urgency = 'asap';
      const error = await processor.validateEntityKind(e).catch(err => err);
      expect(error.message).toContain(
        'spec.healthcare.urgency: unknown urgency "asap"',
      );
      expect(error.message).toContain(
        'spec.healthcare.roles.testOwner is required',
      );
    });

    it('names a non-default namespace', async () => {
      const entity = withoutRole('businessOwner');
      entity.metadata.namespace = 'clinics';
      await expect(processor.validateEntityKind(entity)).rejects.toThrow(
        'Component clinics/ehr-lab-orders: spec.healthcare.roles.businessOwner is required',
      );
    });
  });

  describe('postProcessEntity', () => {
    async function relationsOf(entity: Entity) {
      const emitted: CatalogProcessorResult[] = [];
      const out = await processor.postProcessEntity(entity, location, r =>
        emitted.push(r),
      );
      expect(out).toBe(entity);
      return emitted.map(r => {
        if (r.type !== 'relation') throw new Error(`unexpected ${r.type}`);
        const { source, type, target } = r.relation;
        // The catalog stores relation refs stringified (kind lower-cased), so compare that way.
        return `${stringifyEntityRef(source)} ${type} ${stringifyEntityRef(
          target,
        )}`;
      });
    }

    it('emits source → integration → destination with inverses', async () => {
      expect((await relationsOf(integration())).sort()).toEqual(
        [
          `component:default/epic-ehr ${RELATION_SENDS_DATA_TO} component:default/ehr-lab-orders`,
          `component:default/ehr-lab-orders ${RELATION_RECEIVES_DATA_FROM} component:default/epic-ehr`,
          `component:default/ehr-lab-orders ${RELATION_SENDS_DATA_TO} component:default/sunquest-lis`,
          `component:default/sunquest-lis ${RELATION_RECEIVES_DATA_FROM} component:default/ehr-lab-orders`,
        ].sort(),
      );
    });

    it('resolves short system refs in the entity namespace', async () => {
      const entity = integration({
        sourceSystem: 'component:epic-ehr',
        destinationSystem: 'resource:shared/pacs',
      });
      entity.metadata.namespace = 'clinics';
      const relations = await relationsOf(entity);
      expect(relations).toContain(
        `component:clinics/epic-ehr ${RELATION_SENDS_DATA_TO} component:clinics/ehr-lab-orders`,
      );
      expect(relations).toContain(
        `component:clinics/ehr-lab-orders ${RELATION_SENDS_DATA_TO} resource:shared/pacs`,
      );
    });

    it('emits nothing for other components', async () => {
      const service = { ...integration(), spec: { type: 'service' } };
      expect(await relationsOf(service)).toEqual([]);
    });
  });
});
