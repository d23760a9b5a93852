import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { GovernanceActionDeps } from './actionContext';
import { registerChangeActions } from './changeActions';
import { registerExplainGateAction } from './explainGateAction';
import { registerStatusActions } from './statusActions';

/**
 * Registers the governance actions that AI agents reach through the MCP actions backend:
 * status and blockers, the caller's pending reviews, gate explanations, mapping validation and
 * opening a change request. Each goes through the same route guard and engine method as its
 * HTTP route, as the calling user. None decides, waives or signs off: people do.
 */
export function registerGovernanceActions(
  actions: ActionsRegistryService,
  deps: GovernanceActionDeps,
) {
  registerStatusActions(actions, deps);
  registerExplainGateAction(actions, deps);
  registerChangeActions(actions, deps);
}

export type { GovernanceActionDeps } from './actionContext';
