export interface Config {
  /** Healthcare integration governance. */
  healthcareIntegration?: {
    /**
     * The governance policy. Omit it to use the shipped default (see docs/policy.md). Giving
     * `gates` replaces the whole gate list; `changeTypes` entries replace the default entry of
     * the same type.
     */
    policy?: {
      /** The role allowed to waive a gate with a written justification. Default complianceReviewer. */
      waiverRole?:
        | 'businessOwner'
        | 'technicalOwner'
        | 'processOwner'
        | 'securityReviewer'
        | 'complianceReviewer'
        | 'testOwner'
        | 'supportOwner';
      gates?: Array<{
        /** Stable id, e.g. security-review. */
        id: string;
        title: string;
        description?: string;
        /** Lifecycle stage the gate guards: leaving that stage needs the gate closed. */
        stage: 'intake' | 'design' | 'build' | 'test' | 'ready' | 'live' | 'change';
        /** When the gate is created. Default intake. */
        trigger?: 'intake' | 'change-request' | 'emergency-change';
        /**
         * Predicate over the profile; every given key must hold. Keys: phi, externalVendor,
         * patientFacing (booleans), dataClassesAny, urgencyIn (string lists), anyOf, allOf
         * (lists of predicates), not (a predicate).
         */
        when?: { [key: string]: unknown };
        /** Every listed role must approve. */
        approverRoles: string[];
        evidenceKinds?: string[];
        requires?: string[];
        requiresTestMatrix?: boolean;
        /** Service-level target for a decision, in days. */
        slaDays: number;
      }>;
      /** Monitoring: who owns which exceptions, and how noisy notifications may be. */
      monitoring?: {
        /** Role per category. Defaults: technical→technicalOwner, clinical→processOwner, access→securityReviewer, policy→complianceReviewer. */
        routes?: {
          technical?: string;
          clinical?: string;
          access?: string;
          policy?: string;
        };
        /** Overrides for one kind within a category. */
        kindRoutes?: Array<{ category: string; kind: string; role: string }>;
        /** A live integration silent for longer is `unknown`. Default 24. */
        silenceWindowHours?: number;
        /** At most one notification per open exception in this many minutes. Default 60. */
        notifyEveryMinutes?: number;
      };
      changeTypes?: {
        [changeType: string]: {
          /** Gates reopened when a normal or emergency change of this type opens. */
          reopens: string[];
          /** May be raised as a pre-authorised standard change. */
          standardAllowed?: boolean;
        };
      };
    };
    /** Mirth Connect / NextGen Connect engines polled for channel statistics. */
    mirth?: Array<{
      /** Names the engine in events' `source`. */
      id: string;
      /** e.g. https://mirth.example.org:8443 */
      baseUrl: string;
      username: string;
      /** @visibility secret */
      password: string;
      /** Default 5. */
      pollMinutes?: number;
    }>;
    /** How often approved gates are checked for expired evidence. Default every 10 minutes. */
    expirySweepMinutes?: number;
    /** The catalog module's entity provider that publishes governance records as Components. */
    catalogProvider?: {
      /** Seconds between full refreshes of the published records. Default 30. */
      frequencySeconds?: number;
    };
  };
}
