// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { MonitoringSummary } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { RECORD_REF, mockApi, monitoringSummary } from '../../testing/fixtures';
import { MonitoringSection } from './MonitoringSection';

const summary: MonitoringSummary = {
  ...monitoringSummary,
  health: 'healthy',
  exceptions: [
    {
      ...monitoringSummary.exceptions[0],
      id: 'ex-recovered',
      severity: 'critical',
      recoveredAt: '2026-12-01T10:05:30.000Z',
      recoveredBy: 'alertmanager:backstage',
      reopenedFrom: 'f1e2d3c4-0000-4000-8000-000000000000',
      links: {
        source: 'alertmanager:backstage',
        runbookURL: 'https://runbooks.example.org/hl7-failed',
        generatorURL: 'http://prometheus.local:9090/graph?g0.expr=hl7',
        alertmanagerURL: 'http://alertmanager.local:9093',
        fingerprint: '5f3c2a1b9d8e7f60',
      },
    },
    { ...monitoringSummary.exceptions[0], id: 'ex-plain', kind: 'queue-delay' },
  ],
};

const render = (path = '/') =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          healthcareIntegrationApiRef,
          mockApi({ getMonitoring: jest.fn().mockResolvedValue(summary) }),
        ],
      ]}
    >
      <MonitoringSection recordRef={RECORD_REF} canUpdate={false} />
    </TestApiProvider>,
    { routeEntries: [path] },
  );

describe('MonitoringSection', () => {
  it('shows where an alert came from, its recovery and the occurrence it re-opens', async () => {
    await render();
    const [row, plain] = await screen.findAllByTestId('exception-row');
    const link = (name: string) =>
      within(row).getByRole('link', { name: new RegExp(`^${name},`) });
    expect(link('Runbook')).toHaveAttribute(
      'href',
      'https://runbooks.example.org/hl7-failed',
    );
    expect(link('Rule')).toHaveAttribute(
      'href',
      'http://prometheus.local:9090/graph?g0.expr=hl7',
    );
    expect(link('Alertmanager')).toHaveAttribute(
      'href',
      'http://alertmanager.local:9093',
    );
    expect(row).toHaveTextContent('Fingerprint: 5f3c2a1b9d8e7f60');
    expect(row).toHaveTextContent('Source: alertmanager:backstage');
    expect(row).toHaveTextContent(
      'Re-opened: fired again after f1e2d3c4 was resolved',
    );
    expect(within(row).getByText('recovered')).toBeInTheDocument();
    expect(row).toHaveTextContent('(alertmanager:backstage)');
    // An exception without alert links shows none, and no recovery.
    expect(within(plain).queryByRole('link')).toBeNull();
    expect(within(plain).queryByText('recovered')).toBeNull();
  });

  it('marks the exception a notification links to', async () => {
    await render('/?exception=ex-plain');
    const [row, plain] = await screen.findAllByTestId('exception-row');
    expect(plain).toHaveClass('Mui-selected');
    expect(row).not.toHaveClass('Mui-selected');
  });
});
