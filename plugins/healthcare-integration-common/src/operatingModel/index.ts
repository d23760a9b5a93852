export * from './document';
export * from './diff';
export * from './types';
