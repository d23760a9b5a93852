import React, { useState } from 'react';
import { itemAnchorId } from '../RemainingWork/deepLinks';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ROLE_LABELS,
  TEST_RESULT_LABELS,
  TEST_SCENARIOS,
  TEST_SCENARIO_LABELS,
  isTestEvidence,
  type Evidence,
  type GovernanceStatus,
  type RecordTestRequest,
  type TestCase,
  type TestScenario,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { formatDateTime } from '../../format';
import { mayRecordTests } from '../../offers';
import { RecordTestDialog } from '../RecordTestDialog';
import { PersonName } from '../PersonName';

export interface TestMatrixProps {
  recordRef: string;
  status: GovernanceStatus;
  canUpdate: boolean;
  onStatus(status: GovernanceStatus): void;
}

function ResultText(props: { result: TestCase['result'] }) {
  const label = TEST_RESULT_LABELS[props.result];
  if (props.result === 'passed') return <StatusOK>{label}</StatusOK>;
  if (props.result === 'failed') return <StatusError>{label}</StatusError>;
  return <StatusPending>{label}</StatusPending>;
}

/** Short cells keep their words whole; the notes and evidence columns take the rest. */
const nowrap = { whiteSpace: 'nowrap', wordBreak: 'normal' } as const;

/** The seven required scenarios with owner, result and evidence. */
export function TestMatrix(props: TestMatrixProps) {
  const { status } = props;
  const api = useApi(healthcareIntegrationApiRef);
  const { pending, run } = useAction();
  // The shared rule the backend enforces: only the test owner records results.
  const canRecord = props.canUpdate && mayRecordTests(status);
  const [editing, setEditing] = useState<TestScenario>();
  const evidenceById = new Map<string, Evidence>(
    status.evidence.map(e => [e.id, e]),
  );
  // Every scenario is shown, even one the record has no row for yet.
  const rows = TEST_SCENARIOS.map(
    scenario =>
      status.tests.find(t => t.scenario === scenario) ?? {
        scenario,
        result: 'not-run' as const,
        owner: status.record.roles.testOwner,
      },
  );

  const save = async (scenario: TestScenario, body: RecordTestRequest) => {
    const next = await run(
      () => api.recordTest(props.recordRef, scenario, body),
      'Test result recorded',
    );
    if (next) props.onStatus(next);
    return Boolean(next);
  };

  return (
    <InfoCard
      title="Test matrix"
      subheader="Seven scenarios, each with an owner, a result and evidence"
    >
      {props.canUpdate && !canRecord && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Results are recorded by the {ROLE_LABELS.testOwner.toLowerCase()} (
          <PersonName entityRef={status.record.roles.testOwner} />
          ).
        </Typography>
      )}
      {/* Keyboard users can scroll it too, when a narrow window makes it scroll. */}
      <Box
        overflow="auto"
        tabIndex={0}
        role="region"
        aria-label="Test matrix, scrollable"
      >
        <Table size="small" aria-label="Test matrix">
          <TableHead>
            <TableRow>
              <TableCell style={nowrap}>Scenario</TableCell>
              <TableCell style={nowrap}>Result</TableCell>
              <TableCell style={nowrap}>Owner</TableCell>
              <TableCell>Evidence</TableCell>
              <TableCell style={nowrap}>Recorded</TableCell>
              {canRecord && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(t => (
              <TableRow
                key={t.scenario}
                id={itemAnchorId('tests', t.scenario)}
                data-testid={`test-${t.scenario}`}
              >
                <TableCell style={nowrap}>
                  {TEST_SCENARIO_LABELS[t.scenario]}
                </TableCell>
                <TableCell style={{ minWidth: 96 }}>
                  <span style={nowrap}>
                    <ResultText result={t.result} />
                  </span>
                  {t.notes && <div>{t.notes}</div>}
                </TableCell>
                <TableCell style={nowrap}>
                  <PersonName entityRef={t.owner} />
                </TableCell>
                <TableCell>
                  {t.evidenceId
                    ? evidenceById.get(t.evidenceId)?.title ?? t.evidenceId
                    : '—'}
                </TableCell>
                <TableCell>
                  {t.recordedBy ? (
                    <>
                      <PersonName entityRef={t.recordedBy} />,{' '}
                      {formatDateTime(t.recordedAt)}
                    </>
                  ) : (
                    '—'
                  )}
                </TableCell>
                {canRecord && (
                  <TableCell style={nowrap}>
                    <Button size="small" onClick={() => setEditing(t.scenario)}>
                      Record result
                    </Button>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <RecordTestDialog
        scenario={editing}
        evidence={status.evidence.filter(
          e => !e.supersededBy && isTestEvidence(e.kind),
        )}
        pending={pending}
        onClose={() => setEditing(undefined)}
        onSubmit={save}
      />
    </InfoCard>
  );
}
