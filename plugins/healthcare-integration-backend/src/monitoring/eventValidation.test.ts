import fc from 'fast-check';
import { monitoringEventSchema } from '@hcig/backstage-plugin-healthcare-integration-common';
import { parseEvent, quickParseForTests } from './eventValidation';

/** Mostly valid, sometimes broken: each field is valid nine times in ten. */
const field = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 9 }, { arbitrary: invalid, weight: 1 });

const nearlyValid = fc.record(
  {
    integrationRef: field(
      fc.constant('component:default/lab-orders'),
      fc.oneof(fc.constant(' padded '), fc.string({ maxLength: 2 })),
    ),
    category: field(
      fc.constantFrom('technical', 'clinical', 'access', 'policy'),
      fc.constantFrom('weather', ''),
    ),
    kind: field(
      fc.constantFrom('failed-message', 'queue-delay'),
      fc.oneof(
        fc.constantFrom('Bad_Kind', '-x', 'a'.repeat(65)),
        fc.string({ maxLength: 8 }),
      ),
    ),
    severity: field(
      fc.constantFrom('info', 'warning', 'error', 'critical', undefined),
      fc.constant('fatal'),
    ),
    count: field(
      fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constant(undefined)),
      fc.oneof(
        fc.integer({ min: -2, max: 0 }),
        fc.double(),
        fc.constant(1_000_001),
      ),
    ),
    occurredAt: field(
      fc
        .date({
          min: new Date('1900-01-01'),
          max: new Date('2100-01-01'),
          noInvalidDate: true,
        })
        .map(d => d.toISOString()),
      fc.constantFrom(
        '2026-02-30T10:00:00Z',
        '2026-11-24T10:00:00+01:00',
        '2026-11-24 10:00',
        '2026-11-24T10:00:00.1234567890Z',
        '',
      ),
    ),
    source: field(
      fc.constant('mirth:prod'),
      fc.oneof(
        fc.constant(''),
        fc.constant(' s'),
        fc.constant('x'.repeat(101)),
      ),
    ),
    dedupKey: field(fc.uuid(), fc.constantFrom('', ' k ')),
    message: field(
      fc.oneof(fc.constant(undefined), fc.string({ maxLength: 5 })),
      fc.constant('m'.repeat(2001)),
    ),
    extra: field(fc.constant(undefined), fc.constant(1)),
  },
  {
    requiredKeys: [
      'integrationRef',
      'category',
      'kind',
      'occurredAt',
      'source',
      'dedupKey',
    ],
  },
);

describe('monitoring event validation', () => {
  it('quick path accepts only what the zod schema accepts, with the same values', () => {
    let quickAccepted = 0;
    fc.assert(
      fc.property(nearlyValid, raw => {
        const quick = quickParseForTests(raw);
        const zod = monitoringEventSchema.safeParse(raw);
        if (quick) quickAccepted++;
        // What the quick path accepts, zod accepts too, with the same values.
        expect(!quick || zod.success).toBe(true);
        const zodValue =
          quick && zod.success
            ? {
                ...zod.data,
                occurredAt: new Date(zod.data.occurredAt).toISOString(),
              }
            : undefined;
        expect(zodValue).toEqual(quick);
        const parsed = parseEvent(raw);
        expect('event' in parsed).toBe(zod.success);
      }),
      { numRuns: 3000, seed: 42 },
    );
    expect(quickAccepted).toBeGreaterThan(100);
  });

  it('names the field of a bad event', () => {
    expect(
      parseEvent({
        integrationRef: 'component:default/x',
        category: 'weather',
        kind: 'k',
        occurredAt: '2026-11-24T10:00:00Z',
        source: 's',
        dedupKey: 'd',
      }),
    ).toEqual({
      reason: expect.stringMatching(/^category: Invalid enum value/),
    });
  });
});
