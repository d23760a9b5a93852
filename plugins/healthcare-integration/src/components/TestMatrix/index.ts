export { TestMatrix } from './TestMatrix';
export type { TestMatrixProps } from './TestMatrix';
