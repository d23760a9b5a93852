export { HealthChip } from './HealthChip';
