import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  HEALTHCARE_INTEGRATION_PLUGIN_ID,
  HealthcareIntegrationClient,
  type CreateIntegrationRequest,
  type Evidence,
  type GovernanceStatus,
  type MappingIssue,
  type MappingValidationResult,
  type OpenChangeRequestRequest,
  type ValidateMappingRequest,
  type UploadEvidenceRequest,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/** What every action factory needs: where the backend is, and how to call it as the user. */
export interface HealthcareActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

/** One finding of the mapping validator (`POST /mappings/validate`). */
export type MappingFinding = MappingIssue;
export type { MappingValidationResult };

/**
 * An API call failed. The message carries the backend's own `error.message` verbatim, because
 * the backend names the offending field ("Invalid profile.vendorName: ...") and that is what the
 * person running the template needs to see.
 */
export class GovernanceApiError extends Error {
  readonly statusCode?: number;
  constructor(message: string, statusCode?: number) {
    super(message);
    this.name = 'GovernanceApiError';
    this.statusCode = statusCode;
  }
}

/**
 * The backend as one scaffolder task sees it: every request carries a fresh service token
 * issued on behalf of the user who runs the template, so the backend's permission checks and
 * audit trail see that user, never the scaffolder itself.
 */
export class GovernanceApi {
  private readonly client: HealthcareIntegrationClient;

  constructor(
    private readonly options: HealthcareActionOptions & {
      credentials: () => Promise<BackstageCredentials>;
      /** The step's logger: failures are written to the step log as well as thrown. */
      logger?: LoggerService;
    },
  ) {
    this.client = new HealthcareIntegrationClient({
      discoveryApi: options.discovery,
    });
  }

  createIntegration(body: CreateIntegrationRequest): Promise<GovernanceStatus> {
    return this.call('Creating the integration record failed', token =>
      this.client.createIntegration(body, { token }),
    );
  }

  getStatus(entityRef: string): Promise<GovernanceStatus> {
    return this.call(
      `Reading the governance status of ${entityRef} failed`,
      token => this.client.getStatus(entityRef, { token }),
    );
  }

  openChangeRequest(
    entityRef: string,
    body: OpenChangeRequestRequest,
  ): Promise<GovernanceStatus> {
    return this.call(`Opening a change request on ${entityRef} failed`, token =>
      this.client.openChangeRequest(entityRef, body, { token }),
    );
  }

  uploadEvidence(
    entityRef: string,
    body: UploadEvidenceRequest,
  ): Promise<Evidence> {
    return this.call(`Attaching evidence to ${entityRef} failed`, token =>
      this.client.uploadEvidence(entityRef, body, { token }),
    );
  }

  validateMapping(
    spec: ValidateMappingRequest['spec'],
  ): Promise<MappingValidationResult> {
    return this.call('Validating the mapping spec failed', token =>
      this.client.validateMapping(spec, { token }),
    );
  }

  private async call<T>(
    what: string,
    fn: (token: string) => Promise<T>,
  ): Promise<T> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.credentials(),
      targetPluginId: HEALTHCARE_INTEGRATION_PLUGIN_ID,
    });
    try {
      return await fn(token);
    } catch (error) {
      // `body.error.message` is the server's message ("Invalid roles.testOwner: ..."), kept as is.
      const failure =
        error instanceof ResponseError
          ? new GovernanceApiError(
              `${what}: ${error.body.error.message} (HTTP ${error.statusCode})`,
              error.statusCode,
            )
          : new GovernanceApiError(`${what}: ${(error as Error).message}`);
      this.options.logger?.error(failure.message);
      throw failure;
    }
  }
}
