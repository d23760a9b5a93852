/**
 * Shared domain types, API schemas, permissions, policy evaluation and the API client of the
 * healthcare integration governance plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './schemas';
export * from './strictInput';
export * from './permissions';
export * from './policy';
export * from './rules';
export * from './recordChangeSchemas';
export * from './canonicalJson';
export * from './client';
export * from './monitoring';
export * from './mapping';
export * from './catalogFeed';
export * from './policyPreview';
export * from './labels';
export * from './operatingModel';
