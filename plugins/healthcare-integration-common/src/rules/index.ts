export * from './refusal';
export * from './gates';
export * from './lifecycle';
export * from './segregation';
export * from './changeRequests';
export * from './roleAssignment';
export * from './recordChanges';
export * from './health';
