import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  TEST_RESULT_LABELS,
  TEST_SCENARIO_LABELS,
  EVIDENCE_KIND_LABELS,
  labelOf,
  MAX_EVIDENCE_BYTES,
  TEST_SCENARIOS,
  isEvidenceExpired,
  recordTestSchema,
  testEvidenceRefusal,
  testRecorderRefusal,
  uploadEvidenceSchema,
  type RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { sha256Hex } from '../database/auditChain';
import type { EvidenceRow } from '../database/rows';
import { assertAllowed, parseInput } from '../lib/errors';
import { parseList, reopenGate, reopenStaleApprovals } from './gateOps';
import { MutationContext, mutateRecord } from './MutationContext';
import type { EngineDeps } from './types';

/** Evidence (kept, hashed, superseded, never deleted) and test results. */

export async function applyEvidence(
  ctx: MutationContext,
  input: unknown,
): Promise<string> {
  const body = parseInput(uploadEvidenceSchema, input);
  const content = body.contentBase64
    ? Buffer.from(body.contentBase64, 'base64')
    : undefined;
  if (content && content.length > MAX_EVIDENCE_BYTES) {
    throw new InputError(
      `Invalid contentBase64: must decode to at most ${MAX_EVIDENCE_BYTES} bytes`,
    );
  }
  const id = randomUUID();
  if (body.supersedes) {
    const old = ctx.loaded.evidence.find(e => e.id === body.supersedes);
    if (!old)
      throw new InputError(
        `Invalid supersedes: no evidence ${body.supersedes} on ${ctx.entityRef}`,
      );
    if (old.superseded_by) {
      throw new ConflictError(
        `Evidence ${old.id} was already superseded by ${old.superseded_by}`,
      );
    }
    await ctx
      .tx('hip_evidence')
      .where({ id: old.id })
      .update({ superseded_by: id });
    old.superseded_by = id;
  }
  const row: EvidenceRow = {
    id,
    entity_ref: ctx.entityRef,
    kind: body.kind,
    title: body.title,
    // A link's hash covers the link itself: the pack proves which URL was approved.
    sha256: sha256Hex(content ?? Buffer.from(body.url!, 'utf8')),
    size_bytes: content?.length ?? 0,
    media_type: content ? body.mediaType : 'text/uri-list',
    url: body.url ?? null,
    content: content ?? null,
    uploaded_by: ctx.actor.ref,
    uploaded_at: ctx.now,
    expires_at: body.expiresAt ? new Date(body.expiresAt).toISOString() : null,
    supersedes: body.supersedes ?? null,
    superseded_by: null,
  };
  await ctx.tx('hip_evidence').insert(row);
  ctx.loaded.evidence.push({ ...row, content: undefined });
  ctx.audit('evidence.uploaded', id, {
    kind: row.kind,
    title: row.title,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    mediaType: row.media_type,
    url: row.url,
    expiresAt: row.expires_at,
    supersedes: row.supersedes,
  });
  await reopenStaleApprovals(
    ctx,
    `a new ${labelOf(
      EVIDENCE_KIND_LABELS,
      row.kind,
    )} was uploaded (sha256 ${row.sha256.slice(0, 12)}…)`,
  );
  return id;
}

export async function getEvidenceContent(
  deps: EngineDeps,
  entityRef: string,
  evidenceId: string,
) {
  const row = await deps
    .db<EvidenceRow>('hip_evidence')
    .where({ entity_ref: entityRef, id: evidenceId })
    .first();
  if (!row)
    throw new NotFoundError(`No evidence ${evidenceId} on ${entityRef}`);
  return row;
}

export async function applyTest(
  ctx: MutationContext,
  scenario: string,
  input: unknown,
) {
  if (!(TEST_SCENARIOS as readonly string[]).includes(scenario)) {
    throw new InputError(
      `Invalid scenario: ${scenario}; expected one of ${TEST_SCENARIOS.join(
        ', ',
      )}`,
    );
  }
  const body = parseInput(recordTestSchema, input);
  const { actor } = ctx;
  assertAllowed(
    testRecorderRefusal({
      ref: actor.ref,
      isUser: actor.isUser,
      roles: actor.isUser
        ? await ctx.deps.roles.rolesOf(
            actor.ref,
            JSON.parse(ctx.loaded.record.roles) as RoleHolders,
          )
        : [],
    }),
  );
  if (body.evidenceId) {
    const ev = ctx.loaded.evidence.find(e => e.id === body.evidenceId);
    if (!ev)
      throw new InputError(
        `Invalid evidenceId: no evidence ${body.evidenceId} on ${ctx.entityRef}`,
      );
    if (ev.superseded_by)
      throw new InputError(
        `Invalid evidenceId: evidence ${ev.id} was superseded`,
      );
    assertAllowed(testEvidenceRefusal({ id: ev.id, kind: ev.kind }));
  }
  const test = ctx.loaded.tests.find(t => t.scenario === scenario)!;
  const update = {
    result: body.result,
    evidence_id: body.evidenceId ?? null,
    notes: body.notes ?? null,
    recorded_by: ctx.actor.ref,
    recorded_at: ctx.now,
  };
  await ctx
    .tx('hip_tests')
    .where({ entity_ref: ctx.entityRef, scenario })
    .update(update);
  Object.assign(test, update);
  ctx.audit('test.recorded', scenario, {
    result: body.result,
    evidenceId: body.evidenceId,
    notes: body.notes,
  });
  await reopenStaleApprovals(
    ctx,
    `the ${labelOf(
      TEST_SCENARIO_LABELS,
      scenario,
    )} test was recorded as ${labelOf(
      TEST_RESULT_LABELS,
      body.result,
    ).toLowerCase()}`,
  );
}

/**
 * Reopens approved gates whose covered evidence has expired (a lapsed BAA, an access review
 * past its date). Run on a schedule; returns how many gates were reopened.
 */
export async function reopenGatesWithExpiredEvidence(
  deps: EngineDeps,
): Promise<number> {
  const now = deps.clock();
  const expired = await deps
    .db<EvidenceRow>('hip_evidence')
    .whereNull('superseded_by')
    .whereNotNull('expires_at')
    .where('expires_at', '<=', now.toISOString())
    .distinct('entity_ref');
  let reopened = 0;
  for (const { entity_ref } of expired) {
    reopened += await mutateRecord(
      deps,
      entity_ref,
      { ref: 'system:expiry-sweep', isUser: false },
      async ctx => {
        let count = 0;
        for (const gate of ctx.loaded.gates.filter(
          g => g.status === 'approved',
        )) {
          const kinds = parseList(gate.evidence_kinds);
          const lapsed = ctx.loaded.evidence.filter(
            e =>
              !e.superseded_by &&
              kinds.includes(e.kind) &&
              isEvidenceExpired({ kind: e.kind, expiresAt: e.expires_at }, now),
          );
          if (lapsed.length) {
            await reopenGate(
              ctx,
              gate,
              `evidence expired: ${lapsed
                .map(
                  e => `${e.title} (on ${String(e.expires_at).slice(0, 10)})`,
                )
                .join(', ')}`,
            );
            count++;
          }
        }
        return count;
      },
    );
  }
  return reopened;
}
