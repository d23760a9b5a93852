import React from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { OperatingModelDocument } from '@hcig/backstage-plugin-healthcare-integration-common';

/** One version of the operating model, section by section: headings, paragraphs, tables. */
export function OperatingModelDocumentView(props: {
  document: OperatingModelDocument;
}) {
  const { document } = props;
  return (
    <Box data-testid="hip-operating-model-document">
      {document.sections.map(s => (
        <Box key={s.id} mb={3} component="section" aria-label={s.heading}>
          <Typography variant="h6" component="h3" gutterBottom>
            {s.heading}
          </Typography>
          {s.paragraphs.map((p, i) => (
            <Typography key={i} variant="body2" paragraph>
              {p}
            </Typography>
          ))}
          {s.table && (
            <Table size="small" aria-label={s.heading}>
              <TableHead>
                <TableRow>
                  {s.table.columns.map(c => (
                    <TableCell key={c}>{c}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {s.table.rows.map((r, i) => (
                  <TableRow key={i}>
                    {r.map((cell, j) => (
                      <TableCell key={j}>{cell}</TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Box>
      ))}
    </Box>
  );
}
