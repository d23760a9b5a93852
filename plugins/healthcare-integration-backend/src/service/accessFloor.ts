import type { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { Actor } from '../engine/types';

/**
 * The plugin's own floor under whatever permission policy the portal runs (including the
 * allow-all policy of a new Backstage app): PHI evidence content, the audit trail of a PHI
 * record and its exports stay with the record's participants and the configured auditor
 * groups. A permission policy may narrow this further; widening it is the deliberate setting
 * `healthcareIntegration.access.restrictPhiToParticipants: false`.
 */
export class AccessFloor {
  private constructor(
    private readonly engine: GovernanceEngine,
    private readonly restrict: boolean,
    private readonly auditorGroups: string[],
  ) {}

  static fromConfig(config: Config, engine: GovernanceEngine) {
    return new AccessFloor(
      engine,
      config.getOptionalBoolean(
        'healthcareIntegration.access.restrictPhiToParticipants',
      ) ?? true,
      config.getOptionalStringArray(
        'healthcareIntegration.access.auditorGroups',
      ) ?? [],
    );
  }

  async check(routeId: string, entityRef: string, actor: Actor): Promise<void> {
    if (!this.restrict) return;
    const record = await this.engine.getRecordRow(entityRef);
    if (!record || !record.phi) return;
    if (actor.isUser) {
      if (await this.engine.isParticipant(entityRef, actor)) return;
      const refs = await this.engine.identityRefs(actor.ref);
      if (this.auditorGroups.some(g => refs.has(g))) return;
    }
    throw new NotAllowedError(
      `${routeId} on a PHI-bearing integration is limited to its participants and auditors (rule: phi-floor)`,
    );
  }
}
