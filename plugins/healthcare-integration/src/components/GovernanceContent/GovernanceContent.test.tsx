import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gateBlockers,
  gateDecidePermission,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  RECORD_REF,
  REQUESTER,
  gate as gateFixture,
  governanceStatus,
  integrationEntity,
  mappingReview,
  mockApi,
  monitoringSummary,
  mutationResponse,
  SECURITY,
  viewerFor,
} from '../../testing/fixtures';
import { fakeSignals } from '../../testing/fakeSignals';
import { renderTab, settled, statusAs } from '../../testing/renderTab';

function render(options: {
  api?: ReturnType<typeof mockApi>;
  viewer?: string;
  decide?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  entity?: Entity;
  status?: GovernanceStatus;
  keepGetStatus?: boolean;
  /** The section the tab opens at (the gates when none). */
  section?: string;
}) {
  return renderTab({
    routeEntries: options.section
      ? [`/?section=${options.section}`]
      : undefined,
    api: options.api,
    viewer: options.viewer,
    status: options.status,
    keepGetStatus: options.keepGetStatus,
    deny:
      options.decide === AuthorizeResult.DENY
        ? [gateDecidePermission.name]
        : [],
    entity: options.entity,
  });
}

// The tab is a large tree; give interactions headroom on slow CI machines.
jest.setTimeout(20_000);

describe('GovernanceContent', () => {
  it('shows the stage, what blocks the next one, and every gate with its status', async () => {
    await render({});
    expect(
      await screen.findByTestId('gate-security-review'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('lifecycle-stage')).toHaveTextContent(
      'Stage: Design',
    );
    expect(screen.getByTestId('stage-blockers')).toHaveTextContent(
      'gate "Security review" is pending',
    );
    const intake = screen.getByTestId('gate-intake');
    expect(within(intake).getByText('Approved')).toBeInTheDocument();
    expect(intake).toHaveTextContent(/Business owner chris.nguyen approved/);
    const security = screen.getByTestId('gate-security-review');
    expect(within(security).getByText('Pending')).toBeInTheDocument();
    expect(within(security).getByTestId('gate-sla')).toHaveTextContent(
      /overdue/,
    );
    // What is left, first: the overdue decision, linked to its gate, with who holds it.
    const left = screen.getByRole('list', { name: 'What is left' });
    const first = within(left).getAllByTestId('remaining-item')[0];
    expect(first).toHaveTextContent('Decide “Security review”');
    expect(first).toHaveTextContent('Security reviewer (security-office)');
    expect(within(first).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/ehr-lab-orders/healthcare-integration?gate=security-review',
    );
    expect(screen.getByTestId('section-link-gates')).toHaveTextContent(
      'Gates 1/2',
    );
    expect(screen.getByTestId('section-link-tests')).toHaveTextContent(
      'Tests 0/7',
    );
  });

  it('counts confirmed mapping rows on the section bar and says whose rows are left', async () => {
    const base = statusAs(SECURITY);
    const status: GovernanceStatus = {
      ...base,
      gates: [
        ...base.gates,
        gateFixture({
          id: 'mapping-review',
          title: 'Mapping review',
          approverRoles: ['processOwner'],
          blockers: ['mapping rows not confirmed: patient-mrn'],
        }),
      ],
    };
    const api = mockApi({
      getMapping: jest.fn().mockResolvedValue(mappingReview()),
    });
    await render({ api, status });
    await waitFor(() =>
      expect(screen.getByTestId('section-link-mapping')).toHaveTextContent(
        'Mapping 1/2',
      ),
    );
    const left = screen.getByRole('list', { name: 'What is left' });
    const mappingItem = within(left)
      .getAllByTestId('remaining-item')
      .find(li => li.textContent?.includes('mapping rows'));
    expect(mappingItem).toHaveTextContent('Confirm 1 of 2 mapping rows');
    // The row left is the MRN's, which the process owner confirms.
    expect(mappingItem).toHaveTextContent(
      'Clinical process owner (jordan.lee)',
    );
  });

  it('gives the mapping no count before a spec is stored', async () => {
    const api = await render({});
    await settled(api);
    expect(api.getMapping).toHaveBeenCalledWith(RECORD_REF);
    expect(screen.getByTestId('section-link-mapping')).toHaveTextContent(
      /^Mapping$/,
    );
  });

  it('shows the operating model with its versions, counted in the section links', async () => {
    await render({ section: 'operating-model' });
    const section = await screen.findByTestId('hip-operating-model');
    expect(section.closest('#hip-section-operating-model')).not.toBeNull();
    const nav = screen.getByRole('navigation', {
      name: 'Sections of the governance tab',
    });
    await waitFor(() =>
      expect(
        within(nav).getByRole('link', { name: /Operating model/ }),
      ).toHaveTextContent('Operating model 2'),
    );
  });

  it('opens a deep link to a gate (as notifications send it) at that gate, outlined', async () => {
    await renderTab({ routeEntries: ['/?gate=security-review'] });
    const gate = await screen.findByTestId('gate-security-review');
    await waitFor(() =>
      expect(gate).toHaveAttribute('data-hip-highlight', 'true'),
    );
    expect(screen.getByTestId('gate-intake')).not.toHaveAttribute(
      'data-hip-highlight',
    );
  });

  it('shows the first six things left, and all of them on request', async () => {
    // Three design gates still waiting for their evidence: an upload and a decision each.
    const pending = [
      gateFixture({
        id: 'mapping-review',
        title: 'Data-mapping review',
        approverRoles: ['processOwner'],
        evidenceKinds: ['mapping-spec'],
      }),
      gateFixture({
        id: 'security-review',
        title: 'Security review',
        evidenceKinds: ['security-review'],
      }),
      gateFixture({
        id: 'compliance-review',
        title: 'Compliance review (HIPAA)',
        approverRoles: ['complianceReviewer'],
        evidenceKinds: ['baa', 'vendor-risk-assessment'],
      }),
    ];
    const now = new Date();
    const status = statusAs(SECURITY, {
      evidence: [],
      // The blockers as the backend words them, with the same shared rule.
      gates: pending.map(g => ({
        ...g,
        blockers: gateBlockers(g, pending, [], [], now),
      })),
    });
    await render({ status });
    const left = await screen.findByRole('list', { name: 'What is left' });
    expect(within(left).getAllByTestId('remaining-item')).toHaveLength(6);
    const more = screen.getByRole('button', { name: /^Show all \d+$/ });
    const total = Number(/\d+/.exec(more.textContent!)![0]);
    expect(total).toBeGreaterThan(6);
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(more);
    expect(within(left).getAllByTestId('remaining-item')).toHaveLength(total);
    expect(screen.getByRole('button', { name: 'Show fewer' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('shows one section at a time: the gates first, another from the section bar, the open one marked', async () => {
    await render({});
    await screen.findByTestId('gate-security-review');
    const link = (section: string) =>
      within(screen.getByTestId(`section-link-${section}`)).getByRole('link');
    expect(link('gates')).toHaveAttribute('aria-current', 'page');
    expect(screen.queryByTestId('evidence-row')).toBeNull();

    await userEvent.click(link('evidence'));
    expect(await screen.findAllByTestId('evidence-row')).toHaveLength(1);
    expect(screen.queryByTestId('gate-security-review')).toBeNull();
    expect(link('evidence')).toHaveAttribute('aria-current', 'page');
    expect(link('gates')).not.toHaveAttribute('aria-current');
    // What is left and the stage stay above every section.
    expect(
      screen.getByRole('list', { name: 'What is left' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('lifecycle-stage')).toBeInTheDocument();
  });

  it('offers Approve to a reviewer and sends the decision with its comment', async () => {
    const api = mockApi();
    const after = mutationResponse(governanceStatus());
    after.gates[1] = { ...after.gates[1], status: 'approved' };
    api.decideGate.mockResolvedValue(after);
    await render({ api });

    const row = await screen.findByTestId('gate-security-review');
    expect(within(row).getByTestId('gate-decide-as')).toHaveTextContent(
      'You decide as Security reviewer',
    );
    // The approved intake gate offers no decision.
    expect(
      within(screen.getByTestId('gate-intake')).queryByRole('button', {
        name: 'Approve',
      }),
    ).toBeNull();
    await userEvent.click(within(row).getByRole('button', { name: 'Approve' }));

    const dialog = await screen.findByRole('dialog');
    const submit = within(dialog).getByRole('button', {
      name: 'Submit decision',
    });
    expect(submit).toBeDisabled(); // a comment is required
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Pen test report reviewed' },
    });
    await userEvent.click(submit);

    await waitFor(() =>
      expect(api.decideGate).toHaveBeenCalledWith(
        RECORD_REF,
        'security-review',
        {
          decision: 'approve',
          comment: 'Pen test report reviewed',
        },
      ),
    );
    await waitFor(() =>
      expect(
        within(screen.getByTestId('gate-security-review')).getByText(
          'Approved',
        ),
      ).toBeInTheDocument(),
    );
  });

  it('sends request-changes from its own button, and offers the reopened gate again', async () => {
    const api = mockApi();
    // The mutation's answer, like the backend's, has no `viewer`: the tab keeps the one it has.
    const after = mutationResponse(governanceStatus());
    after.gates[1] = {
      ...after.gates[1],
      status: 'reopened',
      reopenReason: 'changes requested by Sam Okafor: Add TLS details',
      decisions: [
        {
          role: 'securityReviewer',
          decidedBy: 'user:default/sam.okafor',
          decidedAt: new Date().toISOString(),
          decision: 'request-changes',
          comment: 'Add TLS details',
          profileRevision: 2,
          evidenceDigest: 'd2',
          stale: true,
        },
      ],
    };
    api.decideGate.mockResolvedValue(after);
    await render({ api });
    const row = await screen.findByTestId('gate-security-review');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Request changes' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Add TLS details' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Submit decision' }),
    );
    await waitFor(() =>
      expect(api.decideGate).toHaveBeenCalledWith(
        RECORD_REF,
        'security-review',
        {
          decision: 'request-changes',
          comment: 'Add TLS details',
        },
      ),
    );
    // A new round: the stale decision does not count, so the reviewer may decide again.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(
        within(screen.getByTestId('gate-security-review')).getByText(
          'Reopened',
        ),
      ).toBeInTheDocument(),
    );
    expect(
      within(screen.getByTestId('gate-security-review')).getByRole('button', {
        name: 'Approve',
      }),
    ).toBeInTheDocument();
  });

  it('hides the decision buttons when the permission is denied', async () => {
    // usePermission caches answers per resource across renders, so this test uses its own
    // record (through the record-ref annotation, which it also covers).
    const otherRef = 'component:default/lab-orders-record';
    const api = mockApi();
    await render({
      api,
      decide: AuthorizeResult.DENY,
      entity: {
        ...integrationEntity,
        metadata: {
          ...integrationEntity.metadata,
          annotations: { 'healthcare-integration/record-ref': otherRef },
        },
      },
    });
    expect(api.getStatus).toHaveBeenCalledWith(otherRef);
    const row = await screen.findByTestId('gate-security-review');
    await settled(api);
    expect(within(row).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(row).queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(
      within(row).queryByRole('button', { name: 'Request changes' }),
    ).toBeNull();
  });

  it('never offers the decision to the requester, even holding the role and the permission', async () => {
    // The requester came to hold the security role through a group joined after intake: the
    // segregation rule (requester-cannot-decide) alone withholds the decision.
    const api = mockApi();
    const status = governanceStatus({
      viewer: { ...viewerFor(REQUESTER), roles: ['securityReviewer'] },
    });
    await render({ api, viewer: REQUESTER, status });
    const row = await screen.findByTestId('gate-security-review');
    await settled(api);
    expect(within(row).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(row).queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(
      within(row).queryByRole('button', { name: 'Request changes' }),
    ).toBeNull();
    expect(within(row).getByTestId('gate-awaits')).toHaveTextContent(
      'Awaiting Security reviewer — security-office',
    );
  });

  it('shows an error panel when the status cannot be loaded', async () => {
    const api = mockApi({
      getStatus: jest.fn().mockRejectedValue(new Error('backend is down')),
    });
    await render({ api, keepGetStatus: true });
    expect(
      await screen.findByText(/Could not load the governance status/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/backend is down/).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('gate-security-review')).toBeNull();
  });

  it('lists evidence with shortened hashes and hides superseded versions until asked', async () => {
    await render({ section: 'evidence' });
    expect(await screen.findAllByTestId('evidence-row')).toHaveLength(1);
    expect(screen.getByText(`${'a'.repeat(12)}…`)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: /Show superseded/ }),
    );
    expect(screen.getAllByTestId('evidence-row')).toHaveLength(2);
    expect(
      screen.getByText(/superseded by ORM mapping v2/),
    ).toBeInTheDocument();
  });

  it('verifies the audit chain and reports where it is broken', async () => {
    const api = mockApi();
    api.verifyAuditTrail.mockResolvedValue({
      integrationRef: RECORD_REF,
      ok: false,
      events: 3,
      head: 'c'.repeat(64),
      firstBrokenSeq: 2,
      reason: 'hash mismatch',
    });
    await render({ api, section: 'audit' });
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(3);
    await userEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByTestId('chain-verification')).toHaveTextContent(
      'Chain broken at seq 2: hash mismatch',
    );
  });

  it('shows monitoring health and the routed exception', async () => {
    await render({ section: 'monitoring' });
    const row = await screen.findByTestId('exception-row');
    expect(row).toHaveTextContent('Technical · Failed message');
    expect(row).toHaveTextContent('12');
    expect(row).toHaveTextContent(
      'Integration owner (integration-engineering)',
    );
    // Counts per category over 24 h / 7 d, drawn as bars labelled for screen readers.
    expect(
      screen.getByRole('img', { name: 'technical: 12 in 24 h' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'clinical: 1 in 7 days' }),
    ).toBeInTheDocument();
  });
  it("shows another user's decision and a new exception when the backend signals the record changed", async () => {
    const signals = fakeSignals();
    const api = mockApi();
    await renderTab({ api, signalApi: signals.api });
    const security = await screen.findByTestId('gate-security-review');
    expect(within(security).getByTestId('gate-status')).toHaveTextContent(
      'Pending',
    );
    const channel = `healthcare-integration:record:${RECORD_REF}`;
    expect(signals.subscribed(channel)).toBeGreaterThan(0);

    // Someone else approves the gate and a monitoring exception is acknowledged elsewhere.
    const before = governanceStatus();
    api.getStatus.mockResolvedValue(
      statusAs(SECURITY, {
        gates: before.gates.map(g =>
          g.id === 'security-review' ? { ...g, status: 'approved' } : g,
        ),
      }),
    );
    api.getMonitoring.mockResolvedValue({
      ...monitoringSummary,
      exceptions: monitoringSummary.exceptions.map(e => ({
        ...e,
        status: 'acknowledged' as const,
      })),
    });
    const statusCalls = api.getStatus.mock.calls.length;
    const monitoringCalls = api.getMonitoring.mock.calls.length;
    // A signal for another record changes nothing.
    signals.publish('healthcare-integration:record:component:default/other');
    expect(api.getStatus).toHaveBeenCalledTimes(statusCalls);

    signals.publish(channel);
    await waitFor(() =>
      expect(
        within(screen.getByTestId('gate-security-review')).getByTestId(
          'gate-status',
        ),
      ).toHaveTextContent('Approved'),
    );
    expect(api.getMonitoring.mock.calls.length).toBeGreaterThan(
      monitoringCalls,
    );
    // The page kept its content while refetching: no spinner replaced the tab.
    expect(screen.getByTestId('lifecycle-stage')).toBeInTheDocument();
  });
});
