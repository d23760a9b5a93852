// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { healthcareIntegrationApiRef } from '../../api';
import { RECORD_REF, mockApi } from '../../testing/fixtures';
import {
  operatingModelVersions,
  operatingModelView,
} from '../../testing/operatingModelFixtures';
import { OperatingModelSection } from './OperatingModelSection';

async function renderSection(view = operatingModelView()) {
  const api = mockApi();
  await renderInTestApp(
    <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
      <OperatingModelSection
        recordRef={RECORD_REF}
        model={{ value: view, loading: false }}
      />
    </TestApiProvider>,
  );
  return api;
}

describe('OperatingModelSection', () => {
  it('renders the current version as headed sections with tables', async () => {
    await renderSection();
    const doc = screen.getByTestId('hip-operating-model-document');
    expect(
      within(doc).getByRole('heading', { name: 'Exception routing' }),
    ).toBeInTheDocument();
    const access = within(doc).getByRole('table', {
      name: 'Access rules and approvals',
    });
    const intakeRow = within(access).getByRole('row', {
      name: /Intake review/,
    });
    expect(within(intakeRow).getByText('Approved')).toBeInTheDocument();
    expect(screen.getByText(/Version 2 of 2/)).toBeInTheDocument();
  });

  it('lists every version with what made it and its hash', async () => {
    await renderSection();
    const [v1, v2] = operatingModelVersions();
    const rows = within(
      screen.getByTestId('hip-operating-model-versions'),
    ).getAllByRole('row');
    // Header, then newest first.
    expect(rows).toHaveLength(3);
    expect(
      within(rows[1]).getByText('Change 3f2b9c1e implemented'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(`${v2.contentHash.slice(0, 12)}…`),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('Intake')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText(`${v1.contentHash.slice(0, 12)}…`),
    ).toBeInTheDocument();
  });

  it('diffs the last two versions, marking each line in words', async () => {
    const api = await renderSection();
    const diff = await screen.findByTestId('hip-operating-model-diff');
    expect(api.diffOperatingModel).toHaveBeenCalledWith(RECORD_REF, 1, 2);
    const removed = within(diff)
      .getAllByText('− Removed:')
      .map(m => m.parentElement!.textContent);
    expect(removed).toContain(
      '− Removed:| Intake review | Pending | Not yet approved |',
    );
    const added = within(diff)
      .getAllByText('+ Added:')
      .map(m => m.parentElement!.textContent);
    expect(
      added.some(t => t!.startsWith('+ Added:| Intake review | Approved |')),
    ).toBe(true);
  });

  it('offers no diff while there is one version', async () => {
    const [v1] = operatingModelVersions();
    const api = await renderSection(operatingModelView([v1]));
    expect(screen.queryByTestId('hip-operating-model-diff')).toBeNull();
    expect(screen.queryByText('What changed')).toBeNull();
    expect(api.diffOperatingModel).not.toHaveBeenCalled();
  });
});
