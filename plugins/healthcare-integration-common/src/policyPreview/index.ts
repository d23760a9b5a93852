export * from './previewPolicyChange';
export * from './schemas';
