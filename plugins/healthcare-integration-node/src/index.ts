/**
 * Node library of the healthcare integration governance backend: the extension points
 * modules use to add approval checks and monitoring sources.
 *
 * @packageDocumentation
 */
export * from './approvalChecks';
export * from './monitoringSources';
export * from './extensionPoints';
