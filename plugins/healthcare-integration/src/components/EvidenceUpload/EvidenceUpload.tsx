import React, { DragEvent, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useApi } from '@backstage/core-plugin-api';
import {
  EVIDENCE_KINDS,
  EVIDENCE_KIND_LABELS,
  MAX_EVIDENCE_BYTES,
  type Evidence,
  type EvidenceKind,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { readFileAsBase64 } from '../../files';
import { formatBytes } from '../../format';

const useStyles = makeStyles(theme => ({
  drop: {
    border: `2px dashed ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(2),
    textAlign: 'center',
  },
  choose: {
    marginTop: theme.spacing(1),
    // A focus ring that shows on the page background, not only MUI's faint ripple.
    '&:focus-visible, &.Mui-focusVisible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  dragging: {
    borderColor: theme.palette.primary.main,
    backgroundColor: theme.palette.action.hover,
  },
  fields: {
    display: 'flex',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
    alignItems: 'flex-end',
  },
}));

export interface EvidenceUploadProps {
  recordRef: string;
  /** Current (not superseded) evidence, offered as what a new file supersedes. */
  current: Evidence[];
  onUploaded(evidence: Evidence): void;
}

/** Upload form: drag and drop or pick a file (sent base64), or give a link instead. */
export function EvidenceUpload(props: EvidenceUploadProps) {
  const classes = useStyles();
  const api = useApi(healthcareIntegrationApiRef);
  const { pending, run } = useAction();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [dragging, setDragging] = useState(false);
  const [kind, setKind] = useState<EvidenceKind>('test-result');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [supersedes, setSupersedes] = useState('');
  const [problem, setProblem] = useState<string>();

  const choose = (f?: File) => {
    if (!f) return;
    if (f.size > MAX_EVIDENCE_BYTES) {
      setProblem(
        `${f.name} is ${formatBytes(f.size)}; the limit is ${formatBytes(
          MAX_EVIDENCE_BYTES,
        )}`,
      );
      return;
    }
    setProblem(undefined);
    setFile(f);
    if (!title) setTitle(f.name);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files?.[0]);
  };

  const reset = () => {
    setFile(undefined);
    setTitle('');
    setUrl('');
    setExpiresOn('');
    setSupersedes('');
    if (input.current) input.current.value = '';
  };

  const submit = async () => {
    const uploaded = await run(async () => {
      const content = file ? await readFileAsBase64(file) : undefined;
      return api.uploadEvidence(props.recordRef, {
        kind,
        title: title.trim(),
        ...(content !== undefined
          ? {
              contentBase64: content,
              mediaType: file?.type || 'application/octet-stream',
            }
          : { url: url.trim() }),
        ...(expiresOn
          ? { expiresAt: new Date(`${expiresOn}T23:59:59Z`).toISOString() }
          : {}),
        ...(supersedes ? { supersedes } : {}),
      });
    }, 'Evidence uploaded');
    if (uploaded) {
      reset();
      props.onUploaded(uploaded);
    }
  };

  const ready =
    Boolean(title.trim()) &&
    (Boolean(file) || /^https?:\/\/\S+$/.test(url.trim()));

  return (
    <Box mt={2}>
      {/* Drag and drop is a shortcut for the mouse; the button is the way for everyone,
          keyboard included (a real button: Tab reaches it, Enter and Space press it). */}
      <Box
        className={`${classes.drop} ${dragging ? classes.dragging : ''}`}
        onDragOver={e => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="evidence-dropzone"
      >
        <Typography variant="body2" id="hci-evidence-file-hint">
          {file
            ? `${file.name} (${formatBytes(file.size)})`
            : `Drop a file here or choose one (up to ${formatBytes(
                MAX_EVIDENCE_BYTES,
              )})`}
        </Typography>
        <Button
          variant="outlined"
          size="small"
          className={classes.choose}
          aria-describedby="hci-evidence-file-hint"
          onClick={() => input.current?.click()}
        >
          Choose file
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          tabIndex={-1}
          aria-label="Evidence file"
          data-testid="evidence-file-input"
          onChange={e => choose(e.target.files?.[0])}
        />
      </Box>
      {problem && (
        <Typography color="error" variant="body2" role="alert">
          {problem}
        </Typography>
      )}
      <Box className={classes.fields} mt={1}>
        <TextField
          id="hci-kind"
          select
          label="Kind"
          value={kind}
          onChange={e => setKind(e.target.value as EvidenceKind)}
          style={{ minWidth: 180 }}
        >
          {EVIDENCE_KINDS.map(k => (
            <MenuItem key={k} value={k}>
              {EVIDENCE_KIND_LABELS[k]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="hci-title"
          label="Title"
          value={title}
          onChange={e => setTitle(e.target.value)}
          inputProps={{ maxLength: 200 }}
        />
        {!file && (
          <TextField
            id="hci-or-a-link-https"
            label="…or a link (https://)"
            value={url}
            onChange={e => setUrl(e.target.value)}
          />
        )}
        <TextField
          id="hci-expires-on"
          label="Expires on"
          type="date"
          value={expiresOn}
          onChange={e => setExpiresOn(e.target.value)}
          InputLabelProps={{ shrink: true }}
        />
        {props.current.length > 0 && (
          <TextField
            id="hci-supersedes"
            select
            label="Supersedes"
            value={supersedes}
            onChange={e => setSupersedes(e.target.value)}
            style={{ minWidth: 180 }}
          >
            <MenuItem value="">(nothing)</MenuItem>
            {props.current.map(ev => (
              <MenuItem key={ev.id} value={ev.id}>
                {ev.title} ({EVIDENCE_KIND_LABELS[ev.kind] ?? ev.kind})
              </MenuItem>
            ))}
          </TextField>
        )}
        <Button
          variant="contained"
          color="primary"
          disabled={!ready || pending}
          onClick={submit}
        >
          Upload evidence
        </Button>
      </Box>
    </Box>
  );
}
