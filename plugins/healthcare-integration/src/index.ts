/**
 * Healthcare integration governance: entity tab, status card, reviewer inbox and portfolio.
 *
 * @packageDocumentation
 */
export {
  healthcareIntegrationPlugin,
  EntityHealthcareIntegrationContent,
  EntityHealthcareIntegrationCard,
  HealthcareIntegrationInboxPage,
  HealthcareIntegrationPortfolioPage,
  HealthcareIntegrationPolicyPreviewPage,
} from './plugin';
export { healthcareIntegrationApiRef } from './api';
export type { HealthcareIntegrationApi } from './api';
export {
  entityContentRouteRef,
  inboxRouteRef,
  portfolioRouteRef,
} from './routes';
export {
  isHealthcareIntegration,
  recordRefOf,
  HEALTHCARE_INTEGRATION_TYPE,
  RECORD_REF_ANNOTATION,
} from './entity';
