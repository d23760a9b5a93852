export * from './previewPolicyChange';
export * from './schemas';
export * from './candidate';
export * from './policyVersions';
