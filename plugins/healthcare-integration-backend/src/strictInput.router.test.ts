import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { base64, startGovernanceBackend } from './testing/testBackend';
import { USERS, intake } from './testing/fixtures';

/**
 * The strict input rules (common strictInput.ts) on the real request path: each bad value is
 * answered 400 naming the field, on every supported database, and nothing is stored or audited.
 * On PostgreSQL a NUL used to reach the database and come back as a 500.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const ZWSP = '\u200B';
const RLO = '\u202E';

describe.each(databases.eachSupportedId())(
  'strict input through the API on %s',
  databaseId => {
    let knex: Knex;
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;
    const NAME = 'strict-input';
    const path = `/integrations/default/${NAME}`;

    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);
    const snapshot = async () => ({
      integrations: await count('hip_integrations'),
      evidence: await count('hip_evidence'),
      audit: await count('hip_audit_events'),
      monitoring: await count('hip_monitoring_events'),
    });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      api = await startGovernanceBackend(knex);
      const created = await api
        .as(USERS.requester)
        .post('/integrations', intake(NAME));
      // Setup precondition (see requireStatus); the error message is part of it here.
      if (created.status !== 201 || created.body.error?.message !== undefined) {
        throw new Error(
          `setup: intake ${NAME} answered ${created.status}: ${created.body.error?.message}`,
        );
      }
    });

    it('accepts valid non-ASCII clinical text and a real date (the control case)', async () => {
      const body = intake('strict-input-valid', {
        patientPopulation: 'Alle stationären Patienten, Müller–Lüdenscheid',
        businessReason:
          'تحويل الطلبات إلى نظام المختبر — העברת הזמנות למעבדה 🧪',
        targetLaunch: '2028-02-29',
      });
      const res = await api
        .as(USERS.requester)
        .post('/integrations', { ...body, title: 'Müller–Lüdenscheid ADT 🏥' });
      expect(res.body.error?.message).toBeUndefined();
      expect(res.status).toBe(201);
      expect(res.body.record.title).toBe('Müller–Lüdenscheid ADT 🏥');
      expect(res.body.record.profile.businessReason).toBe(
        'تحويل الطلبات إلى نظام المختبر — העברת הזמנות למעבדה 🧪',
      );

      const link = await api.as(USERS.requester).post(`${path}/evidence`, {
        kind: 'baa',
        title: 'Signed BAA',
        url: 'https://docs.example.org/baa.pdf',
      });
      expect(link.status).toBe(201);
      const file = await api.as(USERS.requester).post(`${path}/evidence`, {
        kind: 'baa',
        title: 'BAA scan',
        mediaType: 'Application/PDF',
        contentBase64: base64('%PDF-1.7 signed'),
      });
      expect(file.status).toBe(201);
    });

    const create = (
      overrides: Record<string, unknown>,
      profile: Record<string, unknown> = {},
    ) => ({
      ...intake('strict-input-bad', profile),
      ...overrides,
    });
    const evidence = (overrides: Record<string, unknown>) => ({
      kind: 'baa',
      title: 'BAA',
      ...overrides,
    });

    const cases: Array<
      [string, 'post' | 'patch', string, () => object, RegExp]
    > = [
      [
        'create: NUL in title',
        'post',
        '/integrations',
        () => create({ title: 'Lab\u0000orders' }),
        /^Invalid title: must not contain control characters \(NUL at position 4\)$/,
      ],
      [
        'create: right-to-left override in title',
        'post',
        '/integrations',
        () => create({ title: `Lab ${RLO}sredro` }),
        /^Invalid title: must not contain bidirectional override/,
      ],
      [
        'create: lone surrogate in title',
        'post',
        '/integrations',
        () => create({ title: 'Lab \uD800' }),
        /^Invalid title: must not contain unpaired surrogates/,
      ],
      [
        'create: zero-width-only title',
        'post',
        '/integrations',
        () => create({ title: ZWSP.repeat(4) }),
        /^Invalid title: must contain at least 1 visible character$/,
      ],
      [
        'create: zero-width-only businessReason',
        'post',
        '/integrations',
        () => create({}, { businessReason: `${ZWSP}\u200C\u200D`.repeat(10) }),
        /^Invalid profile\.businessReason: must contain at least 10 visible characters$/,
      ],
      [
        'create: zero-width-padded businessReason',
        'post',
        '/integrations',
        () => create({}, { businessReason: `short${ZWSP.repeat(20)}` }),
        /^Invalid profile\.businessReason: must contain at least 10 visible/,
      ],
      [
        'create: targetLaunch 2027-02-30',
        'post',
        '/integrations',
        () => create({}, { targetLaunch: '2027-02-30' }),
        /^Invalid profile\.targetLaunch: must be a real calendar date \(2027-02-30 does not exist\)$/,
      ],
      [
        'create: targetLaunch 2026-13-01',
        'post',
        '/integrations',
        () => create({}, { targetLaunch: '2026-13-01' }),
        /^Invalid profile\.targetLaunch: must be a real calendar date/,
      ],
      [
        'update: NUL in title',
        'patch',
        path,
        () => ({ title: 'x\u0000' }),
        /^Invalid title: must not contain control characters \(NUL/,
      ],
      [
        'decision: NUL in comment',
        'post',
        `${path}/gates/intake/decisions`,
        () => ({ decision: 'approve', comment: 'ok\u0000' }),
        /^Invalid comment: must not contain control characters \(NUL/,
      ],
      [
        'evidence: contentBase64 not base64',
        'post',
        `${path}/evidence`,
        () => evidence({ contentBase64: 'not base64!' }),
        /^Invalid contentBase64: must be base64/,
      ],
      [
        'evidence: contentBase64 with stray bits',
        'post',
        `${path}/evidence`,
        () => evidence({ contentBase64: 'aGl=' }),
        /^Invalid contentBase64: must be canonical base64/,
      ],
      [
        'evidence: contentBase64 without padding',
        'post',
        `${path}/evidence`,
        () => evidence({ contentBase64: 'aGk' }),
        /^Invalid contentBase64: must be base64 with correct padding/,
      ],
      [
        'evidence: media type ../..',
        'post',
        `${path}/evidence`,
        () => evidence({ contentBase64: 'aGk=', mediaType: '../..' }),
        /^Invalid mediaType: must be a media type/,
      ],
      [
        'evidence: media type with parameters',
        'post',
        `${path}/evidence`,
        () =>
          evidence({
            contentBase64: 'aGk=',
            mediaType: 'text/html; charset=utf-8',
          }),
        /^Invalid mediaType: must be a media type/,
      ],
      [
        'evidence: javascript: url',
        'post',
        `${path}/evidence`,
        // eslint-disable-next-line no-script-url -- the hostile URL the route must reject
        () => evidence({ url: 'javascript:alert(1)' }),
        /^Invalid url: must use https or http, not javascript:$/,
      ],
      [
        'evidence: JaVaScRiPt: url',
        'post',
        `${path}/evidence`,
        // eslint-disable-next-line no-script-url -- the hostile URL the route must reject
        () => evidence({ url: 'JaVaScRiPt:alert(1)' }),
        /^Invalid url: must use https or http, not javascript:$/,
      ],
      [
        'evidence: tab-split javascript: url',
        'post',
        `${path}/evidence`,
        () => evidence({ url: 'java\tscript:alert(1)' }),
        /^Invalid url: must not contain whitespace or control characters/,
      ],
      [
        'evidence: data: url',
        'post',
        `${path}/evidence`,
        () => evidence({ url: 'data:text/html,<script>alert(1)</script>' }),
        /^Invalid url: must use https or http, not data:$/,
      ],
      [
        'evidence: vbscript: url',
        'post',
        `${path}/evidence`,
        () => evidence({ url: 'vbscript:msgbox(1)' }),
        /^Invalid url: .*not vbscript:$/,
      ],
      [
        'evidence: file: url',
        'post',
        `${path}/evidence`,
        () => evidence({ url: 'file:///etc/passwd' }),
        /^Invalid url: .*not file:$/,
      ],
      [
        'evidence: credentials in url',
        'post',
        `${path}/evidence`,
        () => evidence({ url: 'https://svc:secret@docs.example.org/baa.pdf' }),
        /^Invalid url: must not contain credentials/,
      ],
      [
        'evidence: expiresAt 2027-02-30',
        'post',
        `${path}/evidence`,
        () =>
          evidence({
            url: 'https://docs.example.org/a',
            expiresAt: '2027-02-30T00:00:00Z',
          }),
        /^Invalid expiresAt: must be a real calendar date/,
      ],
      [
        'evidence: NUL in title',
        'post',
        `${path}/evidence`,
        () =>
          evidence({ title: 'BAA\u0000', url: 'https://docs.example.org/a' }),
        /^Invalid title: must not contain control characters \(NUL/,
      ],
      [
        'waiver: zero-width-padded justification',
        'post',
        `${path}/gates/mapping-review/waiver`,
        () => ({
          justification: `because${ZWSP.repeat(20)}`,
          expiresAt: '2027-01-31T00:00:00Z',
        }),
        /^Invalid justification: must contain at least 20 visible characters$/,
      ],
      [
        'waiver: no expiry',
        'post',
        `${path}/gates/mapping-review/waiver`,
        () => ({
          justification: 'The mapping was reviewed in the vendor workshop',
        }),
        /^Invalid expiresAt: Required$/,
      ],
      [
        'waiver: expiry 2027-02-30',
        'post',
        `${path}/gates/mapping-review/waiver`,
        () => ({
          justification: 'The mapping was reviewed in the vendor workshop',
          expiresAt: '2027-02-30T00:00:00Z',
        }),
        /^Invalid expiresAt: must be a real calendar date/,
      ],
      [
        'change request: zero-width-padded summary',
        'post',
        `${path}/change-requests`,
        () => ({
          type: 'new-field',
          summary: `ab${ZWSP.repeat(5)}`,
          impactAssessment: 'Adds PID-22 to the feed',
        }),
        /^Invalid summary: must contain at least 5 visible characters$/,
      ],
    ];

    it.each(cases)(
      '%s: 400 naming the field, nothing stored',
      async (label, method, url, body, message) => {
        const before = await snapshot();
        // Waivers are the compliance office's; everything else is the requester's.
        const who = label.startsWith('waiver')
          ? USERS.compliance
          : USERS.requester;
        const res = await api.as(who)[method](url, body());
        expect(res.body.error?.message).toMatch(message);
        expect(res.status).toBe(400);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('lists no evidence from the refused uploads', async () => {
      const status = await api.as(USERS.requester).get(path);
      expect(status.status).toBe(200);
      const urls = status.body.evidence.map((e: any) => e.url).filter(Boolean);
      expect(urls).toEqual(['https://docs.example.org/baa.pdf']);
      expect(status.body.evidence.map((e: any) => e.title).sort()).toEqual([
        'BAA scan',
        'Signed BAA',
      ]);
      expect(
        status.body.evidence.find((e: any) => e.title === 'BAA scan').mediaType,
      ).toBe('application/pdf');
    });

    it('rejects a monitoring event with a NUL in its message, naming the field, and stores nothing', async () => {
      const before = await snapshot();
      const res = await api.asService().post('/monitoring/events', {
        events: [
          {
            integrationRef: `component:default/${NAME}`,
            category: 'technical',
            kind: 'failed-message',
            occurredAt: '2026-11-24T10:00:00Z',
            source: 'mirth:prod',
            dedupKey: 'strict-1',
            message: 'ACK AE\u0000',
          },
          {
            integrationRef: `component:default/${NAME}`,
            category: 'technical',
            kind: 'failed-message',
            occurredAt: '2026-02-30T10:00:00Z',
            source: 'mirth:prod',
            dedupKey: 'strict-2',
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBe(0);
      expect(res.body.rejected).toEqual([
        {
          index: 0,
          reason:
            'message: must not contain control characters (NUL at position 7)',
        },
        {
          index: 1,
          reason:
            'occurredAt: must be a real calendar date (2026-02-30 does not exist)',
        },
      ]);
      expect(await snapshot()).toEqual(before);
    });
  },
);
