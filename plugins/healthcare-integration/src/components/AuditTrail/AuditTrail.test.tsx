// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { healthcareIntegrationApiRef } from '../../api';
import { RECORD_REF, mockApi } from '../../testing/fixtures';
import { saveBlob } from '../../files';
import { AuditTrail } from './AuditTrail';

jest.mock('../../files', () => ({
  saveBlob: jest.fn(),
  readFileAsBase64: jest.fn(),
}));

jest.setTimeout(20_000);

describe('AuditTrail', () => {
  it('downloads the audit report of the record for those who may export', async () => {
    const report = new Blob(['<html>report</html>'], { type: 'text/html' });
    const api = mockApi({
      getAuditTrail: jest.fn().mockResolvedValue({ items: [] }),
      getAuditReport: jest.fn().mockResolvedValue(report),
    } as any);
    const save = saveBlob as jest.Mock;
    await renderInTestApp(
      <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
        <AuditTrail recordRef={RECORD_REF} headSeq={3} canRead canExport />
      </TestApiProvider>,
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Audit report' }),
    );
    await waitFor(() =>
      expect(save).toHaveBeenCalledWith(
        report,
        'audit-report-default-ehr-lab-orders.html',
      ),
    );
    expect(api.getAuditReport).toHaveBeenCalledWith(RECORD_REF);
  });

  it('offers no report to those who may not export', async () => {
    const api = mockApi({
      getAuditTrail: jest.fn().mockResolvedValue({ items: [] }),
    } as any);
    await renderInTestApp(
      <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
        <AuditTrail
          recordRef={RECORD_REF}
          headSeq={3}
          canRead
          canExport={false}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('button', { name: 'Verify chain' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Audit report' }),
    ).not.toBeInTheDocument();
  });
});
