// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen, within } from '@testing-library/react';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Evidence } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import {
  SECURITY,
  governanceStatus,
  integrationEntity,
  mockApi,
} from '../../testing/fixtures';
import { GovernanceContent } from '../GovernanceContent';

jest.setTimeout(20_000);

const linked = (id: number, title: string, url: string): Evidence => ({
  id: `5b0d7c1e-0000-4000-8000-0000000001${String(id).padStart(2, '0')}`,
  kind: 'baa',
  title,
  sha256: String(id % 10).repeat(64),
  sizeBytes: 0,
  mediaType: 'text/uri-list',
  url,
  uploadedBy: 'user:default/priya.patel',
  uploadedAt: new Date().toISOString(),
  expired: false,
});

/** The whole governance tab, with the given evidence in the record's status. */
async function renderTab(evidence: Evidence[]) {
  const api = mockApi({
    getStatus: jest.fn().mockResolvedValue(governanceStatus({ evidence })),
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [healthcareIntegrationApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
        [identityApiRef, mockApis.identity({ userEntityRef: SECURITY })],
      ]}
    >
      <EntityProvider entity={integrationEntity}>
        <GovernanceContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: ['/?section=evidence'] },
  );
  // The tab rendered at its evidence section.
  expect(
    within(await screen.findByTestId('section-link-evidence')).getByRole(
      'link',
    ),
  ).toHaveAttribute('aria-current', 'page');
  await screen.findAllByTestId('evidence-row');
  return screen.getAllByTestId('evidence-row');
}

const hrefs = () =>
  Array.from(document.querySelectorAll('a[href]')).map(
    a => a.getAttribute('href') ?? '',
  );

describe('EvidenceSection links', () => {
  it('shows a javascript: link as text, without an anchor, and the tab still renders', async () => {
    const rows = await renderTab([
      // eslint-disable-next-line no-script-url -- the stored hostile link the tab must not render as one
      linked(1, 'Signed BAA', 'javascript:alert(1)'),
    ]);
    expect(rows).toHaveLength(1);
    expect(within(rows[0]).getByText('Signed BAA')).toBeInTheDocument();
    const hint = within(rows[0]).getByTestId('unsafe-evidence-link');
    expect(hint).toHaveTextContent(
      'unsafe link not opened: javascript:alert(1)',
    );
    expect(within(rows[0]).queryByRole('link')).toBeNull();
    expect(hrefs().filter(h => /javascript:/i.test(h))).toEqual([]);
    expect(document.querySelector('a[href="javascript:alert(1)"]')).toBeNull();
  });

  it('never hands any other unsafe stored string to href', async () => {
    const unsafe = [
      // eslint-disable-next-line no-script-url -- one of the hostile links the tab must not render
      'JaVaScRiPt:alert(document.cookie)',
      '\tjavascript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'https://user:secret@docs.example.org/x',
      'not a url at all \u0000\u202E',
      '\uD800',
    ];
    const rows = await renderTab(
      unsafe.map((url, i) => linked(i + 1, `Evidence ${i + 1}`, url)),
    );
    expect(rows).toHaveLength(unsafe.length);
    rows.forEach((row, i) => {
      expect(within(row).getByText(`Evidence ${i + 1}`)).toBeInTheDocument();
      expect(within(row).getByTestId('unsafe-evidence-link')).toHaveTextContent(
        'unsafe link not opened',
      );
      expect(within(row).queryByRole('link')).toBeNull();
    });
    expect(
      hrefs().filter(h => /^(javascript|data|vbscript|file):/i.test(h.trim())),
    ).toEqual([]);
  });

  it('still links an https URL', async () => {
    const rows = await renderTab([
      linked(1, 'Signed BAA', 'https://docs.example.org/baa.pdf'),
    ]);
    const link = within(rows[0]).getByRole('link', { name: /^Signed BAA/ });
    expect(link).toHaveAttribute('href', 'https://docs.example.org/baa.pdf');
    expect(within(rows[0]).queryByTestId('unsafe-evidence-link')).toBeNull();
  });
});
