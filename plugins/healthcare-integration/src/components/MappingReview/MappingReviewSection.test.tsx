// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { healthcareIntegrationApiRef } from '../../api';
import {
  RECORD_REF,
  governanceStatus,
  mappingReview as review,
  mockApi,
} from '../../testing/fixtures';
import { MappingReviewSection } from './MappingReviewSection';

const CLINICAL = 'user:default/jordan.lee'; // processOwner in the fixture status

const { record } = governanceStatus();

function render(
  api: ReturnType<typeof mockApi>,
  viewer = CLINICAL,
  onChanged = jest.fn(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [healthcareIntegrationApiRef, api],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: viewer,
            ownershipEntityRefs: [viewer],
          }),
        ],
      ]}
    >
      <MappingReviewSection
        entityRef={RECORD_REF}
        roles={record.roles}
        requestedBy={record.requestedBy}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
}

describe('MappingReviewSection', () => {
  it('shows every row with its paths, transform, role and status, and the validation findings', async () => {
    const api = mockApi({
      getMapping: jest.fn().mockResolvedValue(review()),
    } as any);
    await render(api);
    const row = await screen.findByTestId('mapping-row-patient-mrn');
    expect(row).toHaveTextContent('PID-3[1].1');
    expect(row).toHaveTextContent('ServiceRequest.subject.identifier.value');
    expect(row).toHaveTextContent('Warning: check the assigning authority');
    expect(within(row).getByText('Not confirmed')).toBeInTheDocument();
    expect(
      screen.getByText('1 of 2 rows confirmed', { exact: false }),
    ).toBeInTheDocument();
    // The viewer holds processOwner but not technicalOwner.
    expect(
      within(row).getByRole('button', { name: 'Confirm' }),
    ).toBeInTheDocument();
    const other = screen.getByTestId('mapping-row-order-number');
    expect(within(other).queryByRole('button')).toBeNull();
  });

  it('confirms a row and shows the new status', async () => {
    const after = review({
      rows: review().rows.map(r =>
        r.id === 'patient-mrn'
          ? {
              ...r,
              status: 'confirmed',
              confirmation: {
                status: 'confirmed',
                by: CLINICAL,
                role: 'processOwner',
                at: '2026-11-25T10:00:00Z',
                rowHash: r.rowHash,
                stale: false,
              },
            }
          : r,
      ),
    });
    const api = mockApi({
      getMapping: jest.fn().mockResolvedValue(review()),
      confirmMappingRow: jest.fn().mockResolvedValue(after),
    } as any);
    const onChanged = jest.fn();
    await render(api, CLINICAL, onChanged);
    const row = await screen.findByTestId('mapping-row-patient-mrn');
    await userEvent.click(within(row).getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect((api as any).confirmMappingRow).toHaveBeenCalledWith(
        RECORD_REF,
        'patient-mrn',
        {},
      ),
    );
    expect(
      await within(screen.getByTestId('mapping-row-patient-mrn')).findByText(
        'Confirmed',
      ),
    ).toBeInTheDocument();
    // The tab refreshes its status so the mapping-review gate's blockers follow.
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('hides sign-off buttons from the mapping author', async () => {
    const api = mockApi({
      getMapping: jest.fn().mockResolvedValue(review({ createdBy: CLINICAL })),
    } as any);
    await render(api);
    const row = await screen.findByTestId('mapping-row-patient-mrn');
    expect(within(row).queryByRole('button')).toBeNull();
  });

  it('shows an empty state when no mapping is stored', async () => {
    const notFound = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'No mapping' },
        }),
        {
          status: 404,
          headers: { 'Content-Type': 'application/json' },
        },
      ) as any,
    );
    await render(
      mockApi({ getMapping: jest.fn().mockRejectedValue(notFound) } as any),
    );
    expect(await screen.findByText('No mapping spec yet')).toBeInTheDocument();
  });

  it('shows an error panel when loading fails', async () => {
    await render(
      mockApi({
        getMapping: jest.fn().mockRejectedValue(new Error('boom')),
      } as any),
    );
    expect(
      await screen.findByText(/Could not load the mapping review/),
    ).toBeInTheDocument();
  });
});
