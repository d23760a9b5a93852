// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { healthcareIntegrationApiRef } from '../../api';
import { mockApi, policyVersionList } from '../../testing/fixtures';
import { PolicyPreviewPage } from './PolicyPreviewPage';

// Each test renders the whole page in a test app; a loaded CI machine needs more than 5 s.
jest.setTimeout(20_000);

const preview = {
  currentHash: 'a'.repeat(64),
  candidateHash: 'b'.repeat(64),
  identical: false,
  policyChanges: { added: [], removed: [], changed: ['compliance-review'] },
  totals: {
    integrations: 5,
    affected: 1,
    gatesAdded: 1,
    gatesRemoved: 0,
    gatesChanged: 0,
    gatesReopened: 0,
    approvalsStayValid: 3,
    approvalsGoStale: 1,
  },
  integrations: [
    {
      entityRef: 'component:default/pharmacy-orders',
      title: 'Pharmacy orders',
      stage: 'design',
      added: [{ gateId: 'compliance-review', title: 'C', stage: 'design' }],
      removed: [],
      changed: [],
      approvals: [
        {
          gateId: 'intake',
          role: 'businessOwner',
          decidedBy: 'user:default/chris.nguyen',
          outcome: 'goes-stale' as const,
          reason: 'the evidence the gate requires changes',
        },
      ],
    },
  ],
};

const render = (api: ReturnType<typeof mockApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
      <PolicyPreviewPage />
    </TestApiProvider>,
  );

const editor = () => screen.getByLabelText('Candidate policy (YAML)');

describe('PolicyPreviewPage', () => {
  it('previews pasted app-config YAML and shows what changes per integration', async () => {
    const api = mockApi({
      previewPolicy: jest.fn().mockResolvedValue(preview),
    });
    await render(api);
    fireEvent.change(editor(), {
      target: {
        value: 'healthcareIntegration:\n  policy:\n    waiverMaxDays: 30\n',
      },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(api.previewPolicy).toHaveBeenCalledWith({
      policy: { waiverMaxDays: 30 },
    });
    expect(
      await screen.findByText(/1 of 5 integrations affected/),
    ).toBeInTheDocument();
    const [row] = screen.getAllByTestId('preview-row');
    expect(row).toHaveTextContent('Pharmacy orders');
    expect(row).toHaveTextContent('compliance-review');
    expect(row).toHaveTextContent(
      'intake by user:default/chris.nguyen: the evidence the gate requires changes',
    );
  });

  it('starts from the running policy', async () => {
    const api = mockApi();
    await render(api);
    await userEvent.click(
      screen.getByRole('button', { name: 'Start from the running policy' }),
    );
    expect((editor() as HTMLTextAreaElement).value).toMatch(
      /^healthcareIntegration:\n {2}policy:\n/,
    );
    expect((editor() as HTMLTextAreaElement).value).toMatch(/id: intake/);
  });

  it('names a YAML mistake without calling the backend', async () => {
    const api = mockApi({ previewPolicy: jest.fn() });
    await render(api);
    fireEvent.change(editor(), { target: { value: '- just\n- a list\n' } });
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      screen.getByText(/Paste an app-config with healthcareIntegration.policy/),
    ).toBeInTheDocument();
    expect(api.previewPolicy).not.toHaveBeenCalled();
  });

  it('lists the recorded policy versions, newest first, each linked to its records', async () => {
    const api = mockApi();
    await render(api);
    const rows = await screen.findAllByTestId('policy-version-row');
    expect(rows.map(r => r.querySelector('td')!.textContent)).toEqual([
      '2 running',
      '1 ',
    ]);
    expect(rows[0]).toHaveTextContent(
      'gates added: none · removed: none · redefined: compliance-review',
    );
    expect(rows[1]).toHaveTextContent('first recorded version (');
    expect(
      screen.getByRole('link', { name: 'Derived under version 2' }),
    ).toHaveAttribute(
      'href',
      '/healthcare-integration/portfolio?policyVersion=2',
    );
    expect(
      screen.getByText('2 policy versions in an intact hash chain.'),
    ).toBeInTheDocument();
  });

  it('says where the version chain is broken', async () => {
    const api = mockApi({
      listPolicyVersions: jest.fn().mockResolvedValue({
        ...policyVersionList,
        chain: {
          verified: false,
          entries: 2,
          brokenAt: 2,
          problem: 'the entry of version 2 was altered',
        },
      }),
    });
    await render(api);
    expect(
      await screen.findByText(
        'The policy version chain is broken at version 2: the entry of version 2 was altered.',
      ),
    ).toBeInTheDocument();
  });
});
