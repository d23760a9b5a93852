import { createHash } from 'node:crypto';
import {
  DEFAULT_POLICY,
  canonicalJson,
  diffOperatingModel,
  operatingModel,
  operatingModelMarkdown,
  type GovernanceStatus,
  type OperatingModelDiffView,
  type OperatingModelDocument,
  type OperatingModelVersion,
  type OperatingModelView,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { governanceStatus } from './fixtures';

/**
 * The operating model as the backend sends it: the documents are built by the shared rule from
 * the fixture status (as the backend builds them from the record), hashed as the backend hashes
 * them. Version 1 is the record at intake (no gate decided yet); version 2 is the fixture
 * status after a change was implemented.
 */

const hashOf = (doc: OperatingModelDocument) =>
  createHash('sha256').update(canonicalJson(doc)).digest('hex');

function documentOf(status: GovernanceStatus) {
  return operatingModel({
    record: status.record,
    gates: status.gates,
    policy: DEFAULT_POLICY,
  });
}

function version(
  n: number,
  document: OperatingModelDocument,
  reason: string,
  createdAt: string,
): OperatingModelVersion {
  return {
    version: n,
    contentHash: hashOf(document),
    reason,
    createdAt,
    document,
    markdown: operatingModelMarkdown(document),
  };
}

export const CHANGE_ID = '3f2b9c1e-7a4d-4e8f-9b0a-1c2d3e4f5a6b';

export function operatingModelVersions(): OperatingModelVersion[] {
  const now = governanceStatus();
  const atIntake = governanceStatus({
    gates: now.gates.map(g => ({ ...g, status: 'pending', decisions: [] })),
  });
  return [
    version(1, documentOf(atIntake), 'intake', '2026-11-20T09:00:00.000Z'),
    version(
      2,
      documentOf(now),
      `change:${CHANGE_ID}`,
      '2026-11-28T15:30:00.000Z',
    ),
  ];
}

export function operatingModelView(
  versions = operatingModelVersions(),
): OperatingModelView {
  return {
    entityRef: governanceStatus().record.entityRef,
    current: versions[versions.length - 1],
    versions: versions.map(
      ({ document: _d, markdown: _m, ...summary }) => summary,
    ),
  };
}

export function operatingModelDiffView(
  from: number,
  to: number,
  versions = operatingModelVersions(),
): OperatingModelDiffView {
  return {
    entityRef: governanceStatus().record.entityRef,
    from,
    to,
    diff: diffOperatingModel(
      versions[from - 1].document,
      versions[to - 1].document,
    ),
  };
}
