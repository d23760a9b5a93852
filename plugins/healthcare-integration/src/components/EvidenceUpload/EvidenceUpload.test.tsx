// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { healthcareIntegrationApiRef } from '../../api';
import { RECORD_REF, mockApi } from '../../testing/fixtures';
import { EvidenceUpload } from './EvidenceUpload';

jest.setTimeout(20_000);

async function render(api = mockApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
      <EvidenceUpload
        recordRef={RECORD_REF}
        current={[]}
        onUploaded={() => {}}
      />
    </TestApiProvider>,
  );
  return api;
}

describe('EvidenceUpload by keyboard', () => {
  it('reaches Choose file with Tab and opens the file chooser with Enter and Space', async () => {
    await render();
    const input = screen.getByTestId('evidence-file-input') as HTMLInputElement;
    const opened = jest.spyOn(input, 'click').mockImplementation(() => {});
    await userEvent.tab();
    const choose = screen.getByRole('button', { name: 'Choose file' });
    expect(choose).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(opened).toHaveBeenCalledTimes(1);
    await userEvent.keyboard(' ');
    expect(opened).toHaveBeenCalledTimes(2);
    // The hidden input itself is not a second tab stop.
    await userEvent.tab();
    expect(input).not.toHaveFocus();
  });

  it('uploads the chosen file with its kind named for people', async () => {
    const api = await render();
    api.uploadEvidence.mockResolvedValue({} as any);
    const file = new File(['all green'], 'run.md', { type: 'text/markdown' });
    await userEvent.upload(screen.getByTestId('evidence-file-input'), file);
    expect(screen.getByText(/run\.md \(/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Kind/ })).toHaveTextContent(
      'Test result',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Upload evidence' }),
    );
    await waitFor(() =>
      expect(api.uploadEvidence).toHaveBeenCalledWith(
        RECORD_REF,
        expect.objectContaining({
          kind: 'test-result',
          title: 'run.md',
          mediaType: 'text/markdown',
        }),
      ),
    );
  });
});
