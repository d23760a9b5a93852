import type { Knex } from 'knex';
import type { SpecialGates } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * Names the gate an approval check guards: a gate id of the policy, or one of the policy's
 * special gates by its role (so that renaming the gate in app-config keeps the check on it).
 * An unknown gate stops the backend at start-up instead of silently checking nothing.
 *
 * @public
 */
export type ApprovalCheckGate =
  | { gateId: string }
  | { special: keyof SpecialGates };

/**
 * What an approval check is given: the record and a handle on the plugin's database inside
 * the transaction that holds the record's lock, so what it reads cannot change before the
 * decision is written.
 *
 * @public
 */
export interface ApprovalCheckContext {
  entityRef: string;
  db: Knex | Knex.Transaction;
}

/**
 * Extra reasons a gate cannot be approved, owned by a module (the built-in mapping review
 * requires every mapping row confirmed). While `blockers` names any, approving the gate is
 * refused with 409 and the reasons are shown on the gate.
 *
 * @public
 */
export interface ApprovalCheck {
  /** Shown in logs and start-up errors. */
  id: string;
  gate: ApprovalCheckGate;
  /** Plain-language reasons; empty when nothing blocks. */
  blockers(context: ApprovalCheckContext): Promise<string[]>;
}
