import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CHANGE_TYPES,
  DEFAULT_POLICY,
  EVIDENCE_KINDS,
  MONITORING_CATEGORIES,
  SEVERITIES,
  GovernancePolicy,
  ProfilePredicate,
  ROLES,
  STAGES,
  canonicalJson,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { z } from 'zod';
import { sha256Hex } from '../lib/sha256';

const predicateSchema: z.ZodType<ProfilePredicate> = z.lazy(() =>
  z
    .object({
      phi: z.boolean().optional(),
      externalVendor: z.boolean().optional(),
      patientFacing: z.boolean().optional(),
      dataClassesAny: z.array(z.string()).optional(),
      urgencyIn: z.array(z.string()).optional(),
      anyOf: z.array(predicateSchema).optional(),
      allOf: z.array(predicateSchema).optional(),
      not: predicateSchema.optional(),
    })
    .strict(),
);

const gateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,64}$/),
    title: z.string().min(1),
    description: z.string().optional(),
    stage: z.enum(STAGES),
    trigger: z
      .enum(['intake', 'change-request', 'emergency-change'])
      .optional(),
    when: predicateSchema.optional(),
    approverRoles: z.array(z.enum(ROLES)).min(1),
    evidenceKinds: z.array(z.enum(EVIDENCE_KINDS)).optional(),
    requires: z.array(z.string()).optional(),
    requiresTestMatrix: z.boolean().optional(),
    slaDays: z.number().positive(),
    waivable: z.boolean().optional(),
    waiverCoApproverRole: z.enum(ROLES).optional(),
  })
  .strict();

const holderRef = z
  .string()
  .regex(/^(user|group):[a-z0-9._-]+\/[A-Za-z0-9._-]+$/i, {
    message:
      'must be a full user or group ref, e.g. group:default/security-office',
  });

const monitoringSchema = z
  .object({
    routes: z.record(z.enum(MONITORING_CATEGORIES), z.enum(ROLES)),
    kindRoutes: z
      .array(
        z
          .object({
            category: z.enum(MONITORING_CATEGORIES),
            kind: z.string(),
            role: z.enum(ROLES),
          })
          .strict(),
      )
      .optional(),
    silenceWindowHours: z.number().positive(),
    notifyEveryMinutes: z.number().min(0),
    autoResolveAfterMinutes: z
      .record(z.enum(MONITORING_CATEGORIES), z.number().min(0))
      .optional(),
    maxClockSkewMinutes: z.number().min(0).optional(),
    maxEventAgeDays: z.number().positive().optional(),
    alertmanager: z
      .object({
        categoryLabels: z
          .record(z.string(), z.enum(MONITORING_CATEGORIES))
          .optional(),
        severityLabels: z.record(z.string(), z.enum(SEVERITIES)).optional(),
        heartbeatAlertnames: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const slaSchema = z
  .object({
    dueSoonDays: z.number().positive().optional(),
    escalation: z
      .object({
        afterDaysOverdue: z.number().min(0),
        role: z.enum(ROLES).optional(),
        group: holderRef.optional(),
      })
      .strict()
      .refine(e => Boolean(e.role) !== Boolean(e.group), {
        message: 'name exactly one of role or group to escalate to',
      })
      .optional(),
  })
  .strict();

const policySchema = z
  .object({
    waiverRole: z.enum(ROLES),
    waiverMaxDays: z.number().int().positive().max(366),
    roles: z.record(
      z.enum(ROLES),
      z.object({ eligible: z.array(holderRef).min(1) }).strict(),
    ),
    separationOfDuties: z
      .object({
        requesterHoldsNoApproverRole: z.boolean(),
        rules: z.array(
          z
            .object({
              id: z.string().regex(/^[a-z0-9-]{2,64}$/),
              description: z.string().optional(),
              role: z.enum(ROLES),
              notWith: z.array(z.enum(ROLES)).min(1),
            })
            .strict(),
        ),
      })
      .strict(),
    recordChanges: z
      .object({ approverRoles: z.array(z.enum(ROLES)).min(1) })
      .strict(),
    specialGates: z
      .object({
        mappingReview: z.string(),
        changeControl: z.string(),
        monitoringPlan: z.string(),
      })
      .strict(),
    monitoring: monitoringSchema,
    sla: slaSchema.optional(),
    gates: z.array(gateSchema).min(1),
    changeTypes: z.record(
      z.enum(CHANGE_TYPES),
      z
        .object({
          reopens: z.array(z.string()),
          standardAllowed: z.boolean().optional(),
        })
        .strict(),
    ),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    p.gates.forEach((g, i) => {
      if (ids.has(g.id))
        ctx.addIssue({
          code: 'custom',
          path: ['gates', i, 'id'],
          message: `duplicate gate id ${g.id}`,
        });
      ids.add(g.id);
    });
    p.gates.forEach((g, i) =>
      (g.requires ?? []).forEach(r => {
        if (!ids.has(r))
          ctx.addIssue({
            code: 'custom',
            path: ['gates', i, 'requires'],
            message: `unknown gate ${r}`,
          });
      }),
    );
    // A renamed gate keeps its rule only if the policy says which gate it is now.
    for (const [name, id] of Object.entries(p.specialGates)) {
      if (!ids.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['specialGates', name],
          message: `names gate ${id}, which the policy does not define`,
        });
    }
    p.gates.forEach((g, i) => {
      if (g.waiverCoApproverRole && g.waiverCoApproverRole === p.waiverRole)
        ctx.addIssue({
          code: 'custom',
          path: ['gates', i, 'waiverCoApproverRole'],
          message: `must differ from waiverRole ${p.waiverRole}`,
        });
    });
    for (const [type, t] of Object.entries(p.changeTypes)) {
      t!.reopens.forEach(r => {
        if (!ids.has(r))
          ctx.addIssue({
            code: 'custom',
            path: ['changeTypes', type, 'reopens'],
            message: `unknown gate ${r}`,
          });
      });
    }
  });

export interface EffectivePolicy {
  policy: GovernancePolicy;
  /** SHA-256 of the canonical policy, recorded on each record when its gates are derived. */
  hash: string;
}

/** Reads `healthcareIntegration.policy` over the shipped default and validates it. */
export function readPolicy(config: Config): EffectivePolicy {
  return parsePolicy(
    config.getOptional<Record<string, any>>('healthcareIntegration.policy') ??
      {},
    'healthcareIntegration.policy',
  );
}

/**
 * A policy as written in `healthcareIntegration.policy` (over the shipped default), validated;
 * an error names the path under `prefix`. The running policy and a previewed candidate both
 * come through here, so a candidate the backend would refuse to start with is refused.
 */
export function parsePolicy(
  raw: Record<string, any>,
  prefix: string,
): EffectivePolicy {
  const merged = {
    waiverRole: raw.waiverRole ?? DEFAULT_POLICY.waiverRole,
    waiverMaxDays: raw.waiverMaxDays ?? DEFAULT_POLICY.waiverMaxDays,
    roles: raw.roles ?? DEFAULT_POLICY.roles,
    separationOfDuties: {
      ...DEFAULT_POLICY.separationOfDuties,
      ...(raw.separationOfDuties ?? {}),
    },
    recordChanges: raw.recordChanges ?? DEFAULT_POLICY.recordChanges,
    specialGates: {
      ...DEFAULT_POLICY.specialGates,
      ...(raw.specialGates ?? {}),
    },
    gates: raw.gates ?? DEFAULT_POLICY.gates,
    changeTypes: { ...DEFAULT_POLICY.changeTypes, ...(raw.changeTypes ?? {}) },
    monitoring: {
      ...DEFAULT_POLICY.monitoring,
      ...(raw.monitoring ?? {}),
      routes: {
        ...DEFAULT_POLICY.monitoring.routes,
        ...(raw.monitoring?.routes ?? {}),
      },
      alertmanager: {
        ...DEFAULT_POLICY.monitoring.alertmanager,
        ...(raw.monitoring?.alertmanager ?? {}),
      },
    },
    // Only when set: a policy without it keeps the hash it had.
    ...(raw.sla !== undefined ? { sla: raw.sla } : {}),
  };
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `Invalid ${[prefix, ...issue.path].join('.')}: ${issue.message}`,
    );
  }
  const policy = parsed.data as GovernancePolicy;
  return { policy, hash: sha256Hex(canonicalJson(policy)) };
}
