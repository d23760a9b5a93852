// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { healthcareIntegrationApiRef } from '../../api';
import { mockApi } from '../../testing/fixtures';
import { IngestProblems } from './IngestProblems';

const render = (listIngestProblems: jest.Mock) =>
  renderInTestApp(
    <TestApiProvider
      apis={[[healthcareIntegrationApiRef, mockApi({ listIngestProblems })]]}
    >
      <div data-testid="page">
        <IngestProblems />
      </div>
    </TestApiProvider>,
  );

describe('IngestProblems', () => {
  it('lists what ingest could not use, for platform admins', async () => {
    await render(
      jest.fn().mockResolvedValue({
        items: [
          {
            id: '2',
            receivedAt: '2026-12-01T10:00:00.000Z',
            route: 'alertmanager',
            source: 'alertmanager:backstage',
            outcome: 'rejected',
            integrationRef: 'component:default/lab-orders',
            reason:
              'labels.severity: "P1" is not a severity (info, warning, error, critical) nor mapped',
            item: '{"index":5,"labels":{"severity":"P1"}}',
          },
          {
            id: '1',
            receivedAt: '2026-12-01T09:59:00.000Z',
            route: 'alertmanager',
            source: 'alertmanager:backstage',
            outcome: 'truncated-alerts',
            reason: 'Alertmanager left 7 alert(s) of group g out',
          },
        ],
      }),
    );
    const rows = await screen.findAllByTestId('ingest-problem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('"P1" is not a severity');
    expect(rows[0]).toHaveTextContent('lab-orders');
    expect(rows[1]).toHaveTextContent('truncated-alerts');
    expect(rows[1]).toHaveTextContent('Alertmanager left 7 alert(s)');
  });

  it('shows nothing to anyone the backend refuses', async () => {
    const refused = Object.assign(new Error('Not allowed'), {
      name: 'NotAllowedError',
    });
    const list = jest.fn().mockRejectedValue(refused);
    await render(list);
    expect(list).toHaveBeenCalled();
    expect(await screen.findByTestId('page')).toBeEmptyDOMElement();
  });
});
