import React, { ReactNode, useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';

export interface CommentDialogProps {
  open: boolean;
  title: string;
  /** Context shown above the text field. */
  description?: ReactNode;
  fieldLabel: string;
  /** The server's minimum; the submit button stays disabled below it. */
  minLength?: number;
  submitLabel: string;
  pending?: boolean;
  /** Further fields below the text (e.g. a waiver's expiry). */
  children?: ReactNode;
  /** False while those further fields are not valid; the submit button stays disabled. */
  extraValid?: boolean;
  /** Why the last submission was refused: the server's message, shown in the dialog. */
  error?: string;
  onClose(): void;
  /** Resolves true when the action succeeded and the dialog may close. */
  onSubmit(text: string): Promise<boolean>;
}

/** A dialog that asks for a required written reason (decision comment, waiver justification). */
export function CommentDialog(props: CommentDialogProps) {
  const { open, minLength = 1 } = props;
  const [text, setText] = useState('');
  useEffect(() => {
    if (open) setText('');
  }, [open]);
  const tooShort = text.trim().length < minLength;
  const invalid = tooShort || props.extraValid === false;

  const submit = async () => {
    if (invalid) return;
    if (await props.onSubmit(text.trim())) props.onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="hci-comment-dialog-title"
    >
      <DialogTitle id="hci-comment-dialog-title">{props.title}</DialogTitle>
      <DialogContent>
        {props.description}
        <TextField
          id="hci-comment-field"
          // eslint-disable-next-line jsx-a11y/no-autofocus -- a modal dialog moves focus into itself (WAI-ARIA dialog pattern); its one field is where the user types
          autoFocus
          required
          fullWidth
          multiline
          minRows={3}
          margin="normal"
          variant="outlined"
          label={props.fieldLabel}
          value={text}
          onChange={e => setText(e.target.value)}
          helperText={
            minLength > 1
              ? `At least ${minLength} characters (${
                  text.trim().length
                } so far)`
              : 'Required'
          }
          inputProps={{ maxLength: 4000 }}
        />
        {props.children}
        {props.error && (
          <Alert severity="error" role="alert" data-testid="dialog-error">
            {props.error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={invalid || props.pending}
          onClick={submit}
        >
          {props.submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
