/**
 * Scaffolder actions for governed healthcare integrations: intake, change requests, waiting for
 * gate approvals, evidence with verified SHA-256, and mapping spec validation.
 *
 * @packageDocumentation
 */
export { scaffolderModuleHealthcareIntegration as default } from './module';
export * from './actions';
export {
  PollingGateWaiter,
  GateRejectedError,
  GateWaitTimeoutError,
  systemClock,
} from './waiting/GateWaiter';
export type {
  GateWaiter,
  GateWaitOptions,
  GateWaitResult,
  PollingGateWaiterOptions,
  WaitClock,
} from './waiting/GateWaiter';
