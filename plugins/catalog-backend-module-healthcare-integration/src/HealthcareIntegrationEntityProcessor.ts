import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  RELATION_RECEIVES_DATA_FROM,
  RELATION_SENDS_DATA_TO,
} from './relations';
import {
  healthcareSpecSchema,
  isHealthcareIntegration,
  validateHealthcareSpec,
} from './validateHealthcareSpec';

/**
 * Validates the governance profile of `spec.type: healthcare-integration` components and
 * draws their data flow (source → integration → destination) as catalog relations.
 *
 * Validation runs in `validateEntityKind`: a thrown error there fails the entity's processing,
 * so the catalog keeps the last good version and shows the error on the entity (and in the
 * unprocessed-entities view for an entity that never processed).
 * `spec.owner`, `spec.system` and `spec.dependsOn` are left to the built-in processor.
 */
export class HealthcareIntegrationEntityProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'HealthcareIntegrationEntityProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isHealthcareIntegration(entity)) return false;
    validateHealthcareSpec(entity);
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isHealthcareIntegration(entity)) return entity;
    // Validation already passed at this point; parse again only to read the refs safely.
    const parsed = healthcareSpecSchema.safeParse(entity.spec?.healthcare);
    if (!parsed.success) return entity;

    const self = getCompoundEntityRef(entity);
    const toRef = (ref: string) =>
      parseEntityRef(ref, {
        defaultKind: 'component',
        defaultNamespace: self.namespace,
      });
    const source = toRef(parsed.data.sourceSystem);
    const destination = toRef(parsed.data.destinationSystem);

    const flow = (from: typeof self, to: typeof self) => {
      emit(
        processingResult.relation({
          source: from,
          type: RELATION_SENDS_DATA_TO,
          target: to,
        }),
      );
      emit(
        processingResult.relation({
          source: to,
          type: RELATION_RECEIVES_DATA_FROM,
          target: from,
        }),
      );
    };
    flow(source, self);
    flow(self, destination);
    return entity;
  }
}
