export { GateRow } from './GateRow';
export type { GateRowProps } from './GateRow';
