export { LifecycleSummary } from './LifecycleSummary';
export type { LifecycleSummaryProps } from './LifecycleSummary';
