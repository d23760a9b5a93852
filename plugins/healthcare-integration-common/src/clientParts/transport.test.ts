import { withQuery } from './transport';

describe('withQuery', () => {
  it('adds the set values, encoded, and leaves out undefined and empty ones', () => {
    expect(
      withQuery('/integrations', {
        stage: 'live',
        q: 'lab & results',
        phi: true,
        limit: 20,
        cursor: undefined,
        owner: '',
      }),
    ).toBe('/integrations?stage=live&q=lab+%26+results&phi=true&limit=20');
  });

  it('keeps the bare path when nothing is set', () => {
    expect(withQuery('/inbox', { limit: undefined })).toBe('/inbox');
  });
});
