import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import plugin from './alpha';
import { healthcareIntegrationApiRef } from './api';
import { mockApi } from './testing/fixtures';

jest.setTimeout(20_000);

describe('healthcare-integration /alpha plugin', () => {
  it('declares its API, entity tab, card and two pages', () => {
    expect(plugin.pluginId).toBe('healthcare-integration');
    expect(plugin.getExtension('api:healthcare-integration')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:healthcare-integration'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-card:healthcare-integration/status'),
    ).toBeDefined();
    expect(
      plugin.getExtension('page:healthcare-integration/inbox'),
    ).toBeDefined();
    expect(
      plugin.getExtension('page:healthcare-integration/portfolio'),
    ).toBeDefined();
    expect(
      plugin.getExtension('page:healthcare-integration/policy-preview'),
    ).toBeDefined();
  });

  it('serves the inbox page at /healthcare-integration/inbox', async () => {
    const api = mockApi({
      getInbox: jest.fn().mockResolvedValue({ items: [], hasMore: false }),
    });
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/healthcare-integration/inbox'],
      apis: [[healthcareIntegrationApiRef, api]],
    });
    // The page is lazy-loaded; give it time on a cold module cache.
    expect(
      await screen.findByText('Nothing awaits you', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(api.getInbox).toHaveBeenCalled();
  });
});
