import React, { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  EVIDENCE_KIND_LABELS,
  TEST_RESULTS,
  TEST_RESULT_LABELS,
  TEST_SCENARIO_LABELS,
  type Evidence,
  type RecordTestRequest,
  type TestResult,
  type TestScenario,
} from '@hcig/backstage-plugin-healthcare-integration-common';

export interface RecordTestDialogProps {
  scenario?: TestScenario;
  /** The evidence a result may cite (test evidence only, as the API requires). */
  evidence: Evidence[];
  pending: boolean;
  onClose(): void;
  onSubmit(scenario: TestScenario, body: RecordTestRequest): Promise<boolean>;
}

/** Records one scenario's result; a pass must cite its evidence (as the API requires). */
export function RecordTestDialog(props: RecordTestDialogProps) {
  const { scenario } = props;
  const [result, setResult] = useState<TestResult>('passed');
  const [evidenceId, setEvidenceId] = useState('');
  const [notes, setNotes] = useState('');
  useEffect(() => {
    setResult('passed');
    setEvidenceId('');
    setNotes('');
  }, [scenario]);
  const valid = result !== 'passed' || Boolean(evidenceId);

  const submit = async () => {
    if (!scenario || !valid) return;
    const ok = await props.onSubmit(scenario, {
      result,
      ...(evidenceId ? { evidenceId } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    });
    if (ok) props.onClose();
  };

  return (
    <Dialog
      open={Boolean(scenario)}
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle>
        Record result: {scenario ? TEST_SCENARIO_LABELS[scenario] : ''}
      </DialogTitle>
      <DialogContent>
        <TextField
          id="hci-result"
          select
          fullWidth
          margin="normal"
          label="Result"
          value={result}
          onChange={e => setResult(e.target.value as TestResult)}
        >
          {TEST_RESULTS.map(r => (
            <MenuItem key={r} value={r}>
              {TEST_RESULT_LABELS[r]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="hci-evidence"
          select
          fullWidth
          margin="normal"
          label="Evidence"
          value={evidenceId}
          required={result === 'passed'}
          helperText={
            result === 'passed'
              ? 'A passed test cites its test evidence'
              : undefined
          }
          onChange={e => setEvidenceId(e.target.value)}
        >
          <MenuItem value="">(none)</MenuItem>
          {props.evidence.map(ev => (
            <MenuItem key={ev.id} value={ev.id}>
              {ev.title} ({EVIDENCE_KIND_LABELS[ev.kind] ?? ev.kind})
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="hci-notes"
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          label="Notes"
          value={notes}
          onChange={e => setNotes(e.target.value)}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!valid || props.pending}
          onClick={submit}
        >
          Save result
        </Button>
      </DialogActions>
    </Dialog>
  );
}
