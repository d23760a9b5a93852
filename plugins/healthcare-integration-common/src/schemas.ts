import { z } from 'zod';
import {
  CHANGE_CLASSES,
  CHANGE_STATUSES,
  CHANGE_TYPES,
  DATA_CLASSES,
  DECISIONS,
  EVIDENCE_KINDS,
  ROLES,
  STAGES,
  TEST_RESULTS,
  URGENCIES,
} from './types';
import {
  calendarDate,
  mediaType,
  safeText,
  safeUrl,
  strictBase64,
  strictDateTime,
} from './strictInput';

/**
 * Payload schemas of the REST API; the backend validates every input with them. Every free-text,
 * date, URL and file field uses the strict builders of `strictInput.ts`.
 */

const entityRef = z
  .string()
  .trim()
  .min(3)
  .max(255)
  .regex(
    /^(user|group):[a-z0-9._-]+\/[A-Za-z0-9._-]+$|^(user|group):[A-Za-z0-9._-]+$/i,
    {
      message:
        'must be a user or group entity ref, e.g. group:default/security-office',
    },
  );

const systemRef = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[a-z]+:([a-z0-9._-]+\/)?[A-Za-z0-9._-]+$/i, {
    message: 'must be an entity ref, e.g. component:default/epic-ehr',
  });

export const entityNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]+([-_.][a-z0-9]+)*$/i, {
    message:
      'must be a catalog entity name: letters, digits and - _ . between them, at most 63',
  });

export const namespaceSchema = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'must be a catalog namespace',
  });

export const roleHoldersSchema = z.object(
  Object.fromEntries(ROLES.map(r => [r, entityRef])) as Record<
    (typeof ROLES)[number],
    typeof entityRef
  >,
);

export const profileSchema = z.object({
  phi: z.boolean(),
  externalVendor: z.boolean(),
  patientFacing: z.boolean(),
  dataClasses: z.array(z.enum(DATA_CLASSES)).min(1).max(DATA_CLASSES.length),
  messageTypes: z
    .array(safeText({ min: 1, max: 64 }))
    .max(50)
    .default([]),
  sourceSystem: systemRef,
  destinationSystem: systemRef,
  patientPopulation: safeText({ min: 1, max: 500 }),
  businessReason: safeText({ min: 10, max: 4000, multiline: true }),
  urgency: z.enum(URGENCIES),
  targetLaunch: calendarDate().optional(),
  vendorName: safeText({ min: 1, max: 200 }).optional(),
  downstreamWorkflow: safeText({ max: 2000, multiline: true }).optional(),
});

/** A profile with an external vendor must name it; shared by intake and catalog validation. */
export function requireVendorName(
  profile: { externalVendor: boolean; vendorName?: string },
  ctx: z.RefinementCtx,
  pathPrefix: (string | number)[] = [],
) {
  if (profile.externalVendor && !profile.vendorName) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [...pathPrefix, 'vendorName'],
      message: 'is required when externalVendor is true',
    });
  }
}

export const createIntegrationSchema = z
  .object({
    name: entityNameSchema,
    namespace: namespaceSchema.default('default'),
    title: safeText({ min: 1, max: 200 }),
    profile: profileSchema,
    roles: roleHoldersSchema,
  })
  .strict()
  .superRefine((v, ctx) => requireVendorName(v.profile, ctx, ['profile']));
export type CreateIntegrationRequest = z.input<typeof createIntegrationSchema>;

export const updateIntegrationSchema = z
  .object({
    title: safeText({ min: 1, max: 200 }).optional(),
    profile: profileSchema.partial().optional(),
    roles: roleHoldersSchema.partial().optional(),
  })
  .strict()
  .refine(v => v.title || v.profile || v.roles, {
    message: 'give at least one of title, profile, roles',
  });
export type UpdateIntegrationRequest = z.input<typeof updateIntegrationSchema>;

export const decideGateSchema = z
  .object({
    decision: z.enum(DECISIONS),
    comment: safeText({ min: 1, max: 4000, multiline: true }),
  })
  .strict();
export type DecideGateRequest = z.input<typeof decideGateSchema>;

/** A waiver closes a gate without approval: written why, and until when (the backend caps the expiry by policy). */
export const waiveGateSchema = z
  .object({
    justification: safeText({ min: 20, max: 4000, multiline: true }),
    expiresAt: strictDateTime(),
  })
  .strict();
export type WaiveGateRequest = z.input<typeof waiveGateSchema>;

/** The second person's confirmation of a waiver, with a written comment. */
export const confirmWaiverSchema = z
  .object({ comment: safeText({ min: 1, max: 4000, multiline: true }) })
  .strict();
export type ConfirmWaiverRequest = z.input<typeof confirmWaiverSchema>;

/** Evidence is sent as JSON: a base64 file (kept in the database) or a link. */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
export const uploadEvidenceSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS),
    title: safeText({ min: 1, max: 200 }),
    mediaType: mediaType().default('application/octet-stream'),
    contentBase64: strictBase64(MAX_EVIDENCE_BYTES).optional(),
    url: safeUrl().optional(),
    expiresAt: strictDateTime().optional(),
    supersedes: z.string().uuid().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.contentBase64 === !v.url) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['contentBase64'],
        message: 'give exactly one of contentBase64 or url',
      });
    }
  });
export type UploadEvidenceRequest = z.input<typeof uploadEvidenceSchema>;

export const recordTestSchema = z
  .object({
    result: z.enum(TEST_RESULTS),
    evidenceId: z.string().uuid().optional(),
    notes: safeText({ max: 4000, multiline: true }).optional(),
  })
  .strict()
  .refine(v => v.result !== 'passed' || v.evidenceId, {
    path: ['evidenceId'],
    message: 'is required when result is passed',
  });
export type RecordTestRequest = z.input<typeof recordTestSchema>;

export const moveStageSchema = z.object({ to: z.enum(STAGES) }).strict();
export type MoveStageRequest = z.input<typeof moveStageSchema>;

export const openChangeRequestSchema = z
  .object({
    type: z.enum(CHANGE_TYPES),
    changeClass: z.enum(CHANGE_CLASSES).default('normal'),
    summary: safeText({ min: 5, max: 500 }),
    impactAssessment: safeText({ min: 10, max: 8000, multiline: true }),
    notify: z.array(entityRef).max(100).default([]),
  })
  .strict();
export type OpenChangeRequestRequest = z.input<typeof openChangeRequestSchema>;

export const updateChangeRequestSchema = z
  .object({
    summary: safeText({ min: 5, max: 500 }).optional(),
    impactAssessment: safeText({
      min: 10,
      max: 8000,
      multiline: true,
    }).optional(),
    notify: z.array(entityRef).max(100).optional(),
  })
  .strict()
  .refine(
    v =>
      v.summary !== undefined ||
      v.impactAssessment !== undefined ||
      v.notify !== undefined,
    {
      message: 'give at least one of summary, impactAssessment, notify',
    },
  );
export type UpdateChangeRequestRequest = z.input<
  typeof updateChangeRequestSchema
>;

export const moveChangeRequestSchema = z
  .object({ to: z.enum(CHANGE_STATUSES) })
  .strict();

/** The portfolio's sortable columns. */
export const PORTFOLIO_SORT_KEYS = [
  'title',
  'stage',
  'dueAt',
  'updatedAt',
] as const;
export type PortfolioSortKey = (typeof PORTFOLIO_SORT_KEYS)[number];
export const PORTFOLIO_SORTS = [
  ...PORTFOLIO_SORT_KEYS,
  ...PORTFOLIO_SORT_KEYS.map(k => `-${k}` as const),
] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export const portfolioQuerySchema = z
  .object({
    stage: z.enum(STAGES).optional(),
    phi: z.enum(['true', 'false']).optional(),
    q: safeText({ max: 100 }).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    health: z.enum(['healthy', 'degraded', 'down', 'unknown']).optional(),
    /** Records whose gates were derived under this version of the policy (GET /policy/versions). */
    policyVersion: z.coerce.number().int().min(1).optional(),
    /** Records with a rejected gate (the summary's "blocked"). */
    blocked: z.enum(['true', 'false']).optional(),
    /** Records that involve an external vendor. */
    vendor: z.enum(['true', 'false']).optional(),
    /** A column to sort by; a leading `-` sorts descending. Ties go by entity ref. */
    sort: z.enum(PORTFOLIO_SORTS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(25),
    cursor: z.string().max(300).optional(),
  })
  .strict();
export type PortfolioQuery = z.input<typeof portfolioQuerySchema>;

export const ENTITY_REF_PARAMS = {
  namespace: namespaceSchema,
  name: entityNameSchema,
};

export const inboxQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();
