import React, { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  CHANGE_CLASSES,
  CHANGE_TYPES,
  type ChangeClass,
  type ChangeType,
  type OpenChangeRequestRequest,
} from '@hcig/backstage-plugin-healthcare-integration-common';

export interface OpenChangeRequestDialogProps {
  open: boolean;
  pending: boolean;
  /** Why the last submission was refused: the server's message. */
  error?: string;
  /** Why the shared rules refuse a change of this class and type now; undefined if they allow it. */
  refusalFor?(changeClass: ChangeClass, type: ChangeType): string | undefined;
  onClose(): void;
  onSubmit(body: OpenChangeRequestRequest): Promise<boolean>;
}

/** Opens a change: type, class, summary, impact assessment and who to notify. */
export function OpenChangeRequestDialog(props: OpenChangeRequestDialogProps) {
  const [type, setType] = useState<ChangeType>('new-field');
  const [changeClass, setChangeClass] = useState<ChangeClass>('normal');
  const [summary, setSummary] = useState('');
  const [impact, setImpact] = useState('');
  const [notify, setNotify] = useState('');
  useEffect(() => {
    if (props.open) {
      setSummary('');
      setImpact('');
      setNotify('');
    }
  }, [props.open]);
  // Same minimums as openChangeRequestSchema, so the form never sends what the API refuses.
  const refusal = props.refusalFor?.(changeClass, type);
  const valid =
    summary.trim().length >= 5 && impact.trim().length >= 10 && !refusal;

  const submit = async () => {
    const ok = await props.onSubmit({
      type,
      changeClass,
      summary: summary.trim(),
      impactAssessment: impact.trim(),
      notify: notify
        .split(/[\s,]+/)
        .map(s => s.trim())
        .filter(Boolean),
    });
    if (ok) props.onClose();
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>Open a change request</DialogTitle>
      <DialogContent>
        <TextField
          id="hci-type"
          select
          fullWidth
          margin="normal"
          label="Type"
          value={type}
          onChange={e => setType(e.target.value as ChangeType)}
        >
          {CHANGE_TYPES.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="hci-class"
          select
          fullWidth
          margin="normal"
          label="Class"
          value={changeClass}
          onChange={e => setChangeClass(e.target.value as ChangeClass)}
        >
          {CHANGE_CLASSES.map(c => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="hci-summary"
          fullWidth
          required
          margin="normal"
          label="Summary"
          helperText="At least 5 characters"
          value={summary}
          onChange={e => setSummary(e.target.value)}
        />
        <TextField
          id="hci-impact-assessment"
          fullWidth
          required
          multiline
          minRows={3}
          margin="normal"
          label="Impact assessment"
          helperText="What changes for clinicians, patients and downstream systems (at least 10 characters)"
          value={impact}
          onChange={e => setImpact(e.target.value)}
        />
        <TextField
          id="hci-notify"
          fullWidth
          margin="normal"
          label="Notify"
          helperText="User or group refs, comma separated (e.g. group:default/it-support)"
          value={notify}
          onChange={e => setNotify(e.target.value)}
        />
        {refusal && (
          <Alert severity="warning" data-testid="open-change-rule">
            {refusal}
          </Alert>
        )}
        {props.error && (
          <Alert severity="error" role="alert" data-testid="dialog-error">
            {props.error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!valid || props.pending}
          onClick={submit}
        >
          Open change
        </Button>
      </DialogActions>
    </Dialog>
  );
}
