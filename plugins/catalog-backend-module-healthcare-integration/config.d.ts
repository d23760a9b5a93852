export interface Config {
  healthcareIntegration?: {
    /** The catalog module's entity provider that publishes governance records as Components. */
    catalogProvider?: {
      /** Seconds between full refreshes of the published records. Default 30. */
      frequencySeconds?: number;
    };
  };
}
