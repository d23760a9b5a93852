export { MonitoringSection } from './MonitoringSection';
export type { MonitoringSectionProps } from './MonitoringSection';
