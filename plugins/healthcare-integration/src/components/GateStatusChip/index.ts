export { GateStatusChip } from './GateStatusChip';
