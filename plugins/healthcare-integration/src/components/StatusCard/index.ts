export { StatusCard, nextAction } from './StatusCard';
