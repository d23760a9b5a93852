import * as fhirpath from 'fhirpath';
import type { MappingTransform } from '@hcig/backstage-plugin-healthcare-integration-common';
import { r4Model } from './fhirModel';

import { formatDate, TransformError } from './dateFormat';

export {
  checkDatePattern,
  formatDate,
  TransformError,
  datePatternShape,
} from './dateFormat';

export interface TransformInput {
  /** The row's source value (undefined for constants). */
  value?: string;
  /** Reads further source paths (concatenate parts). */
  read: (path: string) => string | undefined;
  /** The whole source, for fhirpath expressions (a FHIR resource; for HL7, `{ value }`). */
  context: unknown;
}

export function applyTransform(
  transform: MappingTransform,
  input: TransformInput,
): string | undefined {
  const { value } = input;
  switch (transform.type) {
    case 'copy':
      return value;
    case 'constant':
      return transform.value;
    case 'code-map': {
      if (value === undefined) return undefined;
      const mapped = transform.table[value] ?? transform.default;
      if (mapped === undefined) {
        throw new TransformError(
          `code "${value}" is not in the code map and the map has no default`,
        );
      }
      return mapped;
    }
    case 'date-format':
      return value === undefined
        ? undefined
        : formatDate(value, transform.from, transform.to);
    case 'concatenate': {
      const values = [value, ...transform.parts.map(p => input.read(p))].filter(
        (v): v is string => v !== undefined && v !== '',
      );
      return values.length ? values.join(transform.separator) : undefined;
    }
    case 'fhirpath': {
      let result: unknown[];
      try {
        result = fhirpath.evaluate(
          input.context,
          transform.expression,
          { value: value ?? null },
          r4Model as any,
        ) as unknown[];
      } catch (e) {
        throw new TransformError(
          `fhirpath ${transform.expression}: ${(e as Error).message}`,
        );
      }
      const first = result[0];
      if (first === undefined || first === null) return undefined;
      if (typeof first === 'object') {
        throw new TransformError(
          `fhirpath ${transform.expression} returned an element, not a value`,
        );
      }
      return String(first);
    }
    default:
      return value;
  }
}
