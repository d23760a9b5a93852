export { ChangeRequests } from './ChangeRequests';
export type { ChangeRequestsProps } from './ChangeRequests';
