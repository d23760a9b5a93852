export { GateTimeline, viewerMayDecide } from './GateTimeline';
export type { GateTimelineProps } from './GateTimeline';
