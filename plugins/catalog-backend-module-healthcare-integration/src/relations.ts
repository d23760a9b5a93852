/**
 * Catalog relations that draw an integration's data flow in the catalog graph:
 *
 *     sourceSystem --sendsDataTo--> integration --sendsDataTo--> destinationSystem
 *
 * Each relation is emitted together with its inverse, as the catalog expects.
 */

/** `source sendsDataTo integration` and `integration sendsDataTo destination`. */
export const RELATION_SENDS_DATA_TO = 'sendsDataTo';
/** Inverse of {@link RELATION_SENDS_DATA_TO}. */
export const RELATION_RECEIVES_DATA_FROM = 'receivesDataFrom';

/** The component `spec.type` of an integration governed by this plugin. */
export const HEALTHCARE_INTEGRATION_TYPE = 'healthcare-integration';

/** Names the governance record when its ref differs from the entity's own ref. */
export const RECORD_REF_ANNOTATION = 'healthcare-integration/record-ref';
