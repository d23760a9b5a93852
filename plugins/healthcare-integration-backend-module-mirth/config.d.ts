export interface Config {
  healthcareIntegration?: {
    /** Mirth Connect / NextGen Connect engines polled for channel statistics. */
    mirth?: Array<{
      /** Names the engine in events' `source` (`mirth:<id>`); letters, digits, '.', '_' or '-'. */
      id: string;
      /** e.g. https://mirth.example.org:8443 */
      baseUrl: string;
      username: string;
      /** @visibility secret */
      password: string;
      /** Minutes between polls. Default 5. */
      pollMinutes?: number;
    }>;
  };
}
