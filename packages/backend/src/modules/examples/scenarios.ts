import type { Stage } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * Which example integration ends up where, and as whom the seeder asks for them: the requester
 * opens every record, so that separation of duties leaves the decisions to other people.
 */

export const REQUESTER = 'priya.patel';
/** Gate statuses that need nothing more from the seeder. */
export const CLOSED = new Set(['approved', 'waived', 'not-required']);

export interface Scenario {
  stage: Stage;
  /** A gate of that stage left for a reviewer to decide in the portal. */
  pendingGate?: string;
  /** Report a few failed messages, so that health and exceptions show. */
  monitoring?: boolean;
  /** Open a change request once live. */
  changeRequest?: boolean;
  /**
   * Implement a pre-authorised standard change once live: the record's operating model then
   * has two versions (intake, and the live integration the change found).
   */
  standardChange?: boolean;
}

/** Which example integration ends up where (catalog/integrations/*.yaml). */
export const EXAMPLE_SCENARIOS: Record<string, Scenario> = {
  'ehr-lab-orders': { stage: 'live', monitoring: true, standardChange: true },
  'lab-results-portal': { stage: 'test' },
  'adt-analytics-feed': { stage: 'design', pendingGate: 'security-review' },
  'claims-837-clearinghouse': { stage: 'live', changeRequest: true },
  'pharmacy-orders': { stage: 'design' },
};
