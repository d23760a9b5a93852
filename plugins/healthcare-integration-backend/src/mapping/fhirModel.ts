/**
 * The FHIR R4 model the mapping module checks against, in three parts: the element definitions
 * (`fhirElements.ts`), element paths as mappings write them (`fhirPathCheck.ts`) and produced
 * resources (`fhirResourceValidation.ts`).
 */
export {
  RESOURCE_TYPES,
  childElement,
  isPrimitive,
  isResourceType,
  r4Model,
  type FhirContext,
  type FhirElement,
  type FhirLookup,
} from './fhirElements';
export {
  checkFhirPath,
  type FhirPathCheck,
  type FhirPathStep,
} from './fhirPathCheck';
export {
  validateFhirResource,
  type ResourceIssue,
} from './fhirResourceValidation';
