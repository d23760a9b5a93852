/** The health rules live in the common package, shared with the UI. */
export {
  rollUpHealth,
  SEVERITY_RANK,
  storedHealth,
} from '@hcig/backstage-plugin-healthcare-integration-common';
