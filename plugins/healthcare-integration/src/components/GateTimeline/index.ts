export { GateTimeline } from './GateTimeline';
export type { GateTimelineProps } from './GateTimeline';
