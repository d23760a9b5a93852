import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import {
  AuditLog,
  type AuditEntry,
} from '../plugins/healthcare-integration-backend/src/database/AuditLog';
import {
  ROLE_HOLDERS,
  USERS,
  intake,
} from '../plugins/healthcare-integration-backend/src/testing/fixtures';
import {
  HOT_CHAIN,
  N_AUDIT,
  N_EVIDENCE,
  N_INTEGRATIONS,
  N_MONITORING,
} from './scale';
import { services } from './services';
import { auditHistory } from './auditHistory';

/**
 * Seeds through the plugin's own code: integrations with GovernanceEngine.create; audit
 * events with AuditLog.append (the chain code, 500 per call); monitoring events with
 * MonitoringService.ingest (1,000 per batch). Evidence rows are bulk-inserted in the shape
 * uploadEvidence writes, each with its `evidence.uploaded` event appended through AuditLog.
 */
export async function seed(knex: Knex) {
  // Seeding sends no notifications (one claim per exception would dominate seeding); the state
  // the notifier leaves is written in one update after the monitoring events, below.
  const { governance, monitoring } = services(knex, null);
  const requester = { ref: USERS.requester, isUser: true };
  const t0 = Date.now();
  const names: string[] = [];
  for (let i = 0; i < N_INTEGRATIONS; i++) {
    const name = `bench-${String(i).padStart(5, '0')}`;
    names.push(name);
    const body = intake(name, {
      phi: i % 3 === 0,
      externalVendor: i % 7 === 0,
      vendorName: i % 7 === 0 ? 'Vendor' : undefined,
    });
    // chris.nguyen holds two roles: businessOwner (through revenue-cycle) and supportOwner.
    body.roles = { ...ROLE_HOLDERS, supportOwner: USERS.business };
    await governance.create(body, requester);
  }
  // A spread of stages for the portfolio filter, written directly (these records are not
  // verified; the verified one, names[0], keeps the state its chain records).
  for (let i = 4; i < names.length; i += 4) {
    await knex('hip_integrations')
      .where({ entity_ref: `component:default/${names[i]}` })
      .update({ stage: 'live' });
  }
  const tIntegrations = Date.now();

  const log = new AuditLog(knex);
  const perIntegrationEvidence = Math.max(
    1,
    Math.floor(N_EVIDENCE / N_INTEGRATIONS),
  );
  const hotRef = `component:default/${names[0]}`;
  let audit = N_INTEGRATIONS; // one `integration.created` each
  const now = new Date().toISOString();
  for (let i = 0; i < names.length; i++) {
    const ref = `component:default/${names[i]}`;
    const evidenceRows = Array.from(
      { length: perIntegrationEvidence },
      (_, k) => {
        const content = Buffer.from(`${ref} evidence ${k} `.padEnd(1024, '.'));
        return {
          id: uuid(i, k),
          entity_ref: ref,
          kind: k % 2 ? 'test-result' : 'mapping-spec',
          title: `evidence ${k}`,
          sha256: createHash('sha256').update(content).digest('hex'),
          size_bytes: content.length,
          media_type: 'text/plain',
          url: null,
          content,
          uploaded_by: USERS.requester,
          uploaded_at: now,
          expires_at: null,
          supersedes: null,
          superseded_by: null,
        };
      },
    );
    const wanted =
      i === 0
        ? HOT_CHAIN
        : Math.floor((N_AUDIT - HOT_CHAIN) / (N_INTEGRATIONS - 1)) - 1;
    const uploads: AuditEntry[] = evidenceRows.map(e => ({
      actor: USERS.requester,
      action: 'evidence.uploaded',
      subject: e.id,
      payload: {
        kind: e.kind,
        title: e.title,
        sha256: e.sha256,
        sizeBytes: e.size_bytes,
      },
    }));
    // The verified (hot) chain: distinct millisecond timestamps after the record's creation, a
    // few events per request. The others only fill the table, so their requests are coalesced
    // into appends of up to 50 events (seeding stays within minutes at full scale).
    const history = auditHistory(
      i,
      uploads,
      wanted - uploads.length,
      Date.now(),
      1,
    );
    const requests = i === 0 ? history : coalesce(history, 50);
    // The record's upload date is its event's, as uploadEvidence writes them (verification checks).
    const uploadedAt = new Map(
      requests.flatMap(r => r.entries.map(e => [e.subject, r.at] as const)),
    );
    for (const e of evidenceRows) e.uploaded_at = uploadedAt.get(e.id)!;
    await knex.transaction(async tx => {
      for (let k = 0; k < evidenceRows.length; k += 100)
        await tx('hip_evidence').insert(evidenceRows.slice(k, k + 100));
      const row = await tx('hip_integrations')
        .where({ entity_ref: ref })
        .first();
      const head = {
        entityRef: ref,
        seq: Number(row.audit_seq),
        hash: row.audit_head,
      };
      for (const request of requests) {
        const written = await log.append(tx, head, request.entries, request.at);
        head.seq = written[written.length - 1].seq;
        head.hash = written[written.length - 1].hash;
        audit += written.length;
      }
    });
  }
  const tAudit = Date.now();

  const perIntegrationMonitoring = Math.max(
    1,
    Math.floor(N_MONITORING / N_INTEGRATIONS),
  );
  let batch: unknown[] = [];
  let monitoringEvents = 0;
  for (let i = 0; i < names.length; i++) {
    for (let k = 0; k < perIntegrationMonitoring; k++) {
      batch.push({
        integrationRef: `component:default/${names[i]}`,
        category: (['technical', 'clinical', 'access', 'policy'] as const)[
          k % 4
        ],
        kind: `kind-${k % 5}`,
        severity: k % 50 === 0 ? 'critical' : 'warning',
        occurredAt: new Date(Date.now() - k * 60_000).toISOString(),
        source: 'bench',
        dedupKey: `seed-${i}-${k}`,
      });
      if (batch.length === 1000) {
        monitoringEvents += (await monitoring.ingest(batch)).accepted;
        batch = [];
      }
    }
  }
  if (batch.length)
    monitoringEvents += (await monitoring.ingest(batch)).accepted;
  // As if every exception opened above had been notified when it opened.
  await knex('hip_exceptions')
    .whereNull('notified_at')
    .update({
      notified_at: new Date().toISOString(),
      notified_count: knex.ref('count'),
    });
  const tMonitoring = Date.now();
  return {
    names,
    hotRef,
    counts: {
      integrations: N_INTEGRATIONS,
      evidence: perIntegrationEvidence * N_INTEGRATIONS,
      audit,
      monitoringEvents,
    },
    seconds: {
      integrations: (tIntegrations - t0) / 1000,
      evidenceAndAudit: (tAudit - tIntegrations) / 1000,
      monitoring: (tMonitoring - tAudit) / 1000,
    },
  };
}

function coalesce(
  requests: Array<{ at: string; entries: AuditEntry[] }>,
  size: number,
) {
  const out: Array<{ at: string; entries: AuditEntry[] }> = [];
  for (const r of requests) {
    const last = out[out.length - 1];
    if (last && last.entries.length + r.entries.length <= size)
      last.entries.push(...r.entries);
    else out.push({ at: r.at, entries: [...r.entries] });
  }
  return out;
}

/** A deterministic UUID-shaped id per integration and evidence item. */
function uuid(i: number, k: number) {
  const h = createHash('sha256').update(`${i}:${k}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}
