export interface Config {
  /** Example portal only. */
  exampleRecords?: {
    /** Seed governance records for the example integrations on start. Default false. */
    enabled?: boolean;
  };
}
