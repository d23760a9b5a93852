import { z } from 'zod';
import { safeText } from './strictInput';
import { DATA_CLASSES, ROLES } from './types';

/**
 * The data-mapping spec (`kind: MappingSpec`): which source element feeds which destination
 * element, how it is transformed, and who confirms that both mean the same thing. Shared by the
 * backend (validation against HL7 v2 / FHIR R4 definitions, runs on samples), the scaffolder
 * actions and the review UI. docs/mapping-spec.md describes it; docs/mapping-spec.schema.json is
 * generated from `mappingSpecSchema`.
 */

export const MAPPING_STANDARDS = ['hl7v2', 'fhir', 'custom'] as const;
export type MappingStandard = (typeof MAPPING_STANDARDS)[number];

export const MAPPING_TRANSFORM_TYPES = [
  'copy',
  'code-map',
  'date-format',
  'concatenate',
  'constant',
  'fhirpath',
] as const;
export type MappingTransformType = (typeof MAPPING_TRANSFORM_TYPES)[number];

// YAML reads an unquoted 2.5 as a number; accept it as the version it means.
const hl7Version = z.coerce.string().regex(/^2\.\d(\.\d)?$/, {
  message: 'must be an HL7 v2 version such as 2.5.1',
});

/** `ORM^O01`, optionally with the message structure: `ADT^A08^ADT_A01`. */
const hl7MessageType = z
  .string()
  .regex(/^[A-Z0-9]{3}\^[A-Z0-9]{3}(\^[A-Z0-9]{3}_[A-Z0-9]{3})?$/, {
    message: 'must be an HL7 message type such as ORM^O01',
  });

const fhirResourceName = z.string().regex(/^[A-Z][A-Za-z]+$/, {
  message: 'must be a FHIR resource type such as Patient',
});

export const mappingEndpointSchema = z.discriminatedUnion('standard', [
  z
    .object({
      standard: z.literal('hl7v2'),
      version: hl7Version,
      message: hl7MessageType,
    })
    .strict(),
  z
    .object({
      standard: z.literal('fhir'),
      version: z.literal('R4'),
      resource: fhirResourceName,
    })
    .strict(),
  z
    .object({
      standard: z.literal('custom'),
      layout: safeText({ min: 1, max: 100 }),
      columns: z
        .array(safeText({ min: 1, max: 100 }))
        .min(1)
        .max(500),
    })
    .strict(),
]);
export type MappingEndpoint = z.infer<typeof mappingEndpointSchema>;

export const mappingTransformSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('copy') }).strict(),
  z
    .object({
      type: z.literal('code-map'),
      // Codes are compared as written: not trimmed, and an empty code stays possible.
      table: z
        .record(
          safeText({ max: 200, trim: false }),
          safeText({ max: 200, trim: false }),
        )
        .refine(t => Object.keys(t).length > 0, {
          message: 'must map at least one code',
        }),
      default: safeText({ max: 200, trim: false }).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('date-format'),
      /** Patterns built from YYYY, MM, DD, HH, mm, ss (e.g. YYYYMMDDHHmmss → YYYY-MM-DDTHH:mm:ss). */
      from: safeText({ min: 2, max: 40, trim: false }),
      to: safeText({ min: 2, max: 40, trim: false }),
    })
    .strict(),
  z
    .object({
      type: z.literal('concatenate'),
      /** Further source paths whose values follow the row's own source value. */
      parts: z
        .array(safeText({ min: 1, max: 200, trim: false }))
        .min(1)
        .max(20),
      /** Spaces are the point here (default one space); control characters are refused. */
      separator: safeText({ max: 10, trim: false }).default(' '),
    })
    .strict(),
  z
    .object({
      type: z.literal('constant'),
      value: safeText({ max: 500, trim: false }),
    })
    .strict(),
  z
    .object({
      type: z.literal('fhirpath'),
      expression: safeText({ min: 1, max: 1000, multiline: true, trim: false }),
    })
    .strict(),
]);
export type MappingTransform = z.infer<typeof mappingTransformSchema>;

export const mappingRowSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
      message: 'must be lower-case letters, digits and dashes',
    }),
    /** Source path: HL7 v2 `PID-3[1].1`, FHIR `Patient.name.family`, or a custom column. Optional for constants. */
    source: safeText({ min: 1, max: 200 }).optional(),
    destination: safeText({ min: 1, max: 200 }),
    transform: mappingTransformSchema.default({ type: 'copy' }),
    required: z.boolean().default(false),
    phiClass: z.enum(DATA_CLASSES),
    meaning: safeText({ min: 3, max: 1000, multiline: true }),
    confirmBy: z.enum(ROLES),
  })
  .strict()
  .refine(r => r.source || r.transform.type === 'constant', {
    path: ['source'],
    message: 'is required unless the transform is a constant',
  });
export type MappingRow = z.infer<typeof mappingRowSchema>;

export const mappingSpecSchema = z
  .object({
    apiVersion: z.literal('healthcare-integration/v1'),
    kind: z.literal('MappingSpec'),
    source: mappingEndpointSchema,
    destination: mappingEndpointSchema,
    rows: z.array(mappingRowSchema).min(1).max(500),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.rows.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'id'],
          message: `duplicate row id ${r.id}`,
        });
      }
      seen.add(r.id);
    });
  });
export type MappingSpec = z.infer<typeof mappingSpecSchema>;
/** A spec as written (defaults not yet applied). */
export type MappingSpecInput = z.input<typeof mappingSpecSchema>;

/** One finding of validation: the row id (or `spec`) and the path it concerns. */
export interface MappingIssue {
  row: string;
  path: string;
  message: string;
  suggestion?: string;
}

export interface MappingValidationResult {
  valid: boolean;
  errors: MappingIssue[];
  warnings: MappingIssue[];
}

/** The spec as an object, or as YAML/JSON text. */
const specInput = z.union([
  z.string().min(1).max(1_000_000),
  z.record(z.unknown()),
]);

export const validateMappingRequestSchema = z
  .object({ spec: specInput })
  .strict();
export type ValidateMappingRequest = z.input<
  typeof validateMappingRequestSchema
>;

export const putMappingRequestSchema = z
  .object({
    spec: specInput,
    comment: safeText({ max: 2000, multiline: true }).optional(),
  })
  .strict();
export type PutMappingRequest = z.input<typeof putMappingRequestSchema>;

export const confirmMappingRowSchema = z
  .object({ comment: safeText({ max: 2000, multiline: true }).optional() })
  .strict();
export type ConfirmMappingRowRequest = z.input<typeof confirmMappingRowSchema>;

export const disputeMappingRowSchema = z
  .object({ comment: safeText({ min: 5, max: 2000, multiline: true }) })
  .strict();
export type DisputeMappingRowRequest = z.input<typeof disputeMappingRowSchema>;

export const MAPPING_RUN_FORMATS = ['hl7v2', 'fhir-json'] as const;
export const MAPPING_RUN_SCENARIOS = ['happy-path', 'missing-data'] as const;

export const runMappingRequestSchema = z
  .object({
    /** The sample message: HL7 v2 pipe-delimited text, or a FHIR resource as JSON text. */
    message: z.string().min(1).max(1_000_000),
    format: z.enum(MAPPING_RUN_FORMATS),
    scenario: z.enum(MAPPING_RUN_SCENARIOS),
  })
  .strict();
export type RunMappingRequest = z.input<typeof runMappingRequestSchema>;

export type MappingRowStatus = 'unconfirmed' | 'confirmed' | 'disputed';

export interface MappingRowConfirmation {
  status: 'confirmed' | 'disputed';
  by: string;
  role: string;
  at: string;
  comment?: string;
  /** The row hash the sign-off was given for. */
  rowHash: string;
  /** The row changed after the sign-off. */
  stale: boolean;
}

export interface MappingRowReview {
  id: string;
  rowHash: string;
  status: MappingRowStatus;
  /** The sign-off in force for this row hash, if any. */
  confirmation?: MappingRowConfirmation;
  /** Earlier sign-offs, including stale ones. */
  history: MappingRowConfirmation[];
}

/** GET /integrations/:namespace/:name/mapping */
export interface MappingReview {
  entityRef: string;
  version: number;
  specHash: string;
  spec: MappingSpec;
  createdBy: string;
  createdAt: string;
  comment?: string;
  evidenceId?: string;
  validation: MappingValidationResult;
  rows: MappingRowReview[];
  /** Every row confirmed and no validation errors: the mapping-review gate may be approved. */
  readyForApproval: boolean;
}

export type MappingRunRowOutcome =
  | 'mapped'
  | 'missing-required'
  | 'missing-optional'
  | 'transform-error';

export interface MappingRunRowResult {
  row: string;
  source?: string;
  destination: string;
  outcome: MappingRunRowOutcome;
  value?: string;
  message?: string;
  /** The source was the HL7 null `""` (explicitly empty), not absent. */
  nullValue?: boolean;
}

export interface MappingRunReport {
  entityRef: string;
  mappingVersion: number;
  specHash: string;
  scenario: (typeof MAPPING_RUN_SCENARIOS)[number];
  format: (typeof MAPPING_RUN_FORMATS)[number];
  inputSha256: string;
  ranAt: string;
  ranBy: string;
  rows: MappingRunRowResult[];
  /** The produced destination payload: a FHIR resource or Bundle, or HL7 v2 text. */
  output: unknown;
  /** Validation of the produced FHIR elements against R4 (empty for HL7 output). */
  outputIssues: { errors: MappingIssue[]; warnings: MappingIssue[] };
  result: 'passed' | 'failed';
  summary: string;
}

/** POST .../mapping/run */
export interface MappingRunResult {
  report: MappingRunReport;
  /** The evidence the report was stored as, and its SHA-256. */
  evidenceId: string;
  sha256: string;
}
