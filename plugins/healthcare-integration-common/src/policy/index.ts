export * from './types';
export * from './predicate';
export * from './derive';
export { DEFAULT_POLICY } from './defaultPolicy';
export * from './explainPredicate';
