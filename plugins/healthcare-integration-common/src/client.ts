import { MappingClient } from './clientParts/mappingClient';
import { OperatingModelClient } from './clientParts/operatingModelClient';

// The area clients are part of the client's public type (api-extractor reports what a class
// extends), so they are exported too; use HealthcareIntegrationClient itself.
export { ClientTransport } from './clientParts/transport';
export { RecordsClient } from './clientParts/recordsClient';
export { GatesClient } from './clientParts/gatesClient';
export { AuditClient } from './clientParts/auditClient';
export { MonitoringClient } from './clientParts/monitoringClient';
export { MappingClient, OperatingModelClient };

export {
  HEALTHCARE_INTEGRATION_PLUGIN_ID,
  recordPath,
  type DiscoveryLike,
  type FetchLike,
  type RequestOptions,
} from './clientParts/transport';

/**
 * Typed client for the healthcare-integration backend, usable in the browser and in Node.
 *
 * Its endpoints are defined one area of the API per file under `client/` (transport, records,
 * gates, audit, monitoring, mapping), each class extending the previous one, so that this class
 * has them all and the frontend API (`Pick` of its public members) stays one type.
 */
export class HealthcareIntegrationClient extends OperatingModelClient {}
