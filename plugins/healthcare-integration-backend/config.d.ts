export interface Config {
  /** Healthcare integration governance. */
  healthcareIntegration?: {
    /**
     * The governance policy. Omit it to use the shipped default (see docs/policy.md). Giving
     * `gates` replaces the whole gate list; `changeTypes` entries replace the default entry of
     * the same type.
     */
    /** Who may read PHI-bearing evidence and audit trails, whatever the permission policy allows. */
    access?: {
      /**
       * Keep PHI evidence content, the audit trail of PHI records and their exports to the
       * record's participants and `auditorGroups`. Default true; false hands the decision
       * entirely to the permission policy (a deliberate widening).
       */
      restrictPhiToParticipants?: boolean;
      /** Groups whose members may read and export any record's PHI evidence and audit trail. */
      auditorGroups?: string[];
    };
    /**
     * Audit proof (docs/audit.md): the key that signs checkpoints of every audit chain head and
     * every evidence pack, how often checkpoints are signed, and where they are archived outside
     * the database. Without a key the backend refuses to start (unless NODE_ENV is development
     * or test, where an ephemeral key is generated and the log warns).
     */
    audit?: {
      signing?: {
        /**
         * Path of the private key (PEM, PKCS#8; Ed25519 or ECDSA P-256), on storage the database's
         * administrators cannot write. Give this or privateKey.
         */
        keyFile?: string;
        /**
         * The private key as PEM, e.g. `${AUDIT_SIGNING_KEY}` from a secret store.
         * @visibility secret
         */
        privateKey?: string;
        /** The key id written into signatures and `/audit/keys`. Default: `sha256:` and 16 hex digits of the public key's digest. */
        keyId?: string;
        /**
         * Public keys of earlier signing keys (rotation): what they signed stays verifiable.
         * A signature a retired key made after `retiredAt` is not trusted.
         */
        previousPublicKeys?: Array<{
          /** Default: derived from the public key, as for the current key. */
          keyId?: string;
          /** SPKI PEM. */
          publicKey: string;
          /** ISO-8601 instant from which the key signs nothing. */
          retiredAt?: string;
        }>;
        /**
         * Development only: a key file generated on first start if missing (git-ignore it). The
         * log warns on every start; refused unless NODE_ENV is development or test.
         */
        developmentKeyFile?: string;
      };
      /** Minutes between scheduled checkpoints (one is also signed on every export). Default 60. */
      checkpointMinutes?: number;
      /** Copies of every checkpoint outside the database. */
      archive?: {
        /**
         * A directory on write-once storage (WORM mount, or synced to an S3 bucket with Object
         * Lock). Files are created once and never overwritten.
         */
        directory?: string;
        /** Optional RFC 3161 time-stamp authority; its token is archived next to each checkpoint. Off unless set. */
        timestampAuthority?: {
          /** e.g. https://freetsa.org/tsr */
          url: string;
        };
      };
    };
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
        stage:
          | 'intake'
          | 'design'
          | 'build'
          | 'test'
          | 'ready'
          | 'live'
          | 'change';
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
        /** Whether the waiver role may waive the gate. Default true (the shipped go-live and intake are false). */
        waivable?: boolean;
        /** A waiver takes effect only when a holder of this (other) role confirms it. */
        waiverCoApproverRole?: string;
      }>;
      /** A waiver lasts at most this many days; at expiry the gate reopens. Default 90. */
      waiverMaxDays?: number;
      /**
       * Who may hold each role: user or group refs; a group admits its members and sub-groups.
       * A role not listed may be held by any user or group in the catalog. The shipped default
       * takes securityReviewer from group:default/security-office and complianceReviewer from
       * group:default/compliance-office — name your own groups here.
       */
      roles?: {
        [role: string]: { eligible: string[] };
      };
      /** Separation of duties, checked at intake and on every change of role holders. */
      separationOfDuties?: {
        /** The requester holds no approver role on their own request (directly or through a group). Default true. */
        requesterHoldsNoApproverRole?: boolean;
        /** The holder of `role` may not also hold any of `notWith` (a user inside a group counts as the group). */
        rules?: Array<{
          id: string;
          description?: string;
          role: string;
          notWith: string[];
        }>;
      };
      /** Changes to role holders or governed profile fields take effect when these roles approve. Default [complianceReviewer]. */
      recordChanges?: { approverRoles: string[] };
      /** Gates with their own engine rules, by id; checked at start-up. */
      specialGates?: {
        mappingReview?: string;
        changeControl?: string;
        monitoringPlan?: string;
      };
      /** Monitoring: who owns which exceptions, and how noisy notifications may be. */
      /** SLA reminders and escalation of overdue reviews (README, "Notifications"). */
      sla?: {
        /** Approvers are reminded this many days before a gate is due. Default 2. */
        dueSoonDays?: number;
        /**
         * An overdue gate escalates once, `afterDaysOverdue` days after it was due, to the
         * holder of `role` on the record or to `group` (exactly one of them). Unset: no escalation.
         */
        escalation?: {
          afterDaysOverdue: number;
          role?: string;
          group?: string;
        };
      };
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
        /**
         * Categories whose exceptions resolve themselves this many minutes after their alerts
         * resolved, if nothing fired meanwhile (0: at once). Others wait for the routed role.
         * Default { technical: 15 }.
         */
        autoResolveAfterMinutes?: {
          technical?: number;
          clinical?: number;
          access?: number;
          policy?: number;
        };
        /** Event times further ahead than this are refused (clamped for Alertmanager). Default 5. */
        maxClockSkewMinutes?: number;
        /** Event times older than this are refused (clamped for Alertmanager). Default 365. */
        maxEventAgeDays?: number;
        /** Alertmanager label values: anything not known or listed here refuses the alert. */
        alertmanager?: {
          /** Extra category label values, e.g. { Clinical: clinical }. */
          categoryLabels?: { [label: string]: string };
          /** Severity label values, e.g. { P1: critical }; replaces the default table. */
          severityLabels?: { [label: string]: string };
          /** Alert names that are heartbeats (a signal, never an exception). Default Watchdog, DeadMansSwitch. */
          heartbeatAlertnames?: string[];
        };
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
    /** Monitoring operations (the policy's `monitoring` section says what happens). */
    monitoring?: {
      /** How often recovered exceptions are checked against their quiet period. Default 60. */
      autoResolveSweepSeconds?: number;
    };
    /** How often approved gates are checked for expired evidence. Default every 10 minutes. */
    expirySweepMinutes?: number;
    /**
     * How often records still derived under an older policy version are re-derived under the
     * running one (also shortly after start-up, when a changed policy is recorded as a new
     * version). Default every 60 minutes.
     */
    policyRederiveMinutes?: number;
    /**
     * Governance notices (README, "Notifications"). The due-soon threshold and escalation are
     * in the policy's `sla` section, since they are governance rules.
     */
    notifications?: {
      /** How often the SLA and evidence-expiry check runs. Default every 15 minutes. */
      checkMinutes?: number;
      /** An overdue gate reminds its approvers again after this many hours. Default 24. */
      overdueRepeatHours?: number;
      /** Evidence expiring within this many days is announced once. Default 14. */
      evidenceWarningDays?: number;
      /**
       * At most this many governance notices reach one user or group in an hour; over it, they
       * get one digest pointing at their inbox instead. Default 30; 0 turns the cap off.
       */
      maxPerRecipientPerHour?: number;
    };
  };
}
