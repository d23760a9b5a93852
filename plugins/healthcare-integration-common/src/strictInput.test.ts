import { z } from 'zod';
import {
  base64DecodedLength,
  calendarDate,
  countVisibleCharacters,
  decodeBase64,
  encodeBase64,
  isSafeHttpUrl,
  mediaType,
  safeText,
  safeUrl,
  strictBase64,
  strictDateTime,
} from './strictInput';
import {
  MAX_EVIDENCE_BYTES,
  confirmWaiverSchema,
  createIntegrationSchema,
  decideGateSchema,
  openChangeRequestSchema,
  portfolioQuerySchema,
  recordTestSchema,
  updateChangeRequestSchema,
  updateIntegrationSchema,
  uploadEvidenceSchema,
  waiveGateSchema,
} from './schemas';
import { monitoringEventSchema } from './monitoring';
import { disputeMappingRowSchema, mappingSpecSchema } from './mapping';

const ZWSP = '\u200B';
const RLO = '\u202E';

function issueOf(schema: z.ZodTypeAny, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return result.error.issues[0];
}

describe('safeText', () => {
  const title = safeText({ min: 1, max: 200 });
  const reason = safeText({ min: 20, max: 4000, multiline: true });
  const note = safeText({ max: 100 });

  it.each<[string, z.ZodTypeAny, string, RegExp]>([
    [
      'NUL',
      title,
      'abc\u0000def',
      /^must not contain control characters \(NUL at position 4\)$/,
    ],
    [
      'NUL at the start',
      title,
      '\u0000x',
      /control characters \(NUL at position 1\)/,
    ],
    [
      'ESC',
      title,
      'a\u001b[31mred',
      /control characters \(ESC at position 2\)/,
    ],
    ['DEL', title, 'a\u007f', /control characters \(DEL at position 2\)/],
    [
      'C1 NEL',
      title,
      'a\u0085b',
      /control characters \(U\+0085 at position 2\)/,
    ],
    [
      'newline in a single-line field',
      title,
      'two\nlines',
      /control characters \(LF at position 4\)/,
    ],
    [
      'tab in a single-line field',
      title,
      'a\tb',
      /control characters \(HT at position 2\)/,
    ],
    [
      'vertical tab in prose',
      reason,
      'a long enough justification\u000btext',
      /control characters \(VT at position 28\)/,
    ],
    [
      'NUL in prose',
      reason,
      'a long enough justification\u0000',
      /control characters \(NUL/,
    ],
    [
      'right-to-left override',
      title,
      `invoice ${RLO}fdp.exe`,
      /bidirectional override or isolate characters \(U\+202E at position 9\)/,
    ],
    ['left-to-right embedding', title, 'a\u202Ab', /bidirectional.*U\+202A/],
    ['first strong isolate', title, 'a\u2068b', /bidirectional.*U\+2068/],
    ['pop directional isolate', title, 'a\u2069b', /bidirectional.*U\+2069/],
    [
      'lone high surrogate',
      title,
      'a\uD83Db',
      /unpaired surrogates \(U\+D83D at position 2\)/,
    ],
    [
      'lone low surrogate',
      title,
      '\uDE00',
      /unpaired surrogates \(U\+DE00 at position 1\)/,
    ],
    [
      'only zero-width characters',
      title,
      `${ZWSP}\u200C\u200D\u2060`,
      /^must contain at least 1 visible character$/,
    ],
    [
      'only BOM and soft hyphen',
      title,
      '\uFEFF\u00AD\u180E',
      /at least 1 visible character/,
    ],
    ['only whitespace', title, ' \n ', /at least 1 visible character/],
    [
      'zero-width padding to 20',
      reason,
      `ok${ZWSP.repeat(30)}`,
      /^must contain at least 20 visible characters$/,
    ],
    [
      'spaces padding to 20',
      reason,
      'a b c d e f g h i j k',
      /at least 20 visible characters/,
    ],
    ['too short', reason, 'short', /at least 20 visible characters/],
    ['too long', title, 'x'.repeat(201), /at most 200 characters/],
    [
      'invisible-only optional text',
      note,
      `${ZWSP}${ZWSP}`,
      /must not consist only of invisible characters/,
    ],
  ])('refuses %s', (_label, schema, value, message) => {
    expect(issueOf(schema, value).message).toMatch(message);
  });

  it.each<[string, z.ZodTypeAny, string, string]>([
    [
      'German clinic with en dash',
      title,
      'Müller–Lüdenscheid',
      'Müller–Lüdenscheid',
    ],
    ['Arabic', title, 'مستشفى الملك فيصل', 'مستشفى الملك فيصل'],
    [
      'Hebrew with a right-to-left mark',
      title,
      'בית חולים\u200F הדסה',
      'בית חולים\u200F הדסה',
    ],
    [
      'emoji with joiners and skin tone',
      title,
      'On-call 👩🏽‍⚕️ team',
      'On-call 👩🏽‍⚕️ team',
    ],
    ['CJK', title, '検査オーダー', '検査オーダー'],
    ['trimmed', title, '  padded  ', 'padded'],
    [
      'multiline prose with tabs',
      reason,
      'Line one of the reason\n\tline two\r\nline three',
      'Line one of the reason\n\tline two\r\nline three',
    ],
    [
      'exactly 20 visible',
      reason,
      'abcdefghijklmnopqrst',
      'abcdefghijklmnopqrst',
    ],
    [
      '20 visible emoji (40 code units)',
      reason,
      '🩺'.repeat(20),
      '🩺'.repeat(20),
    ],
    ['empty optional text', note, '', ''],
  ])('accepts %s', (_label, schema, value, out) => {
    expect(schema.parse(value)).toBe(out);
  });

  it('counts visible characters, not code units or invisible ones', () => {
    expect(countVisibleCharacters(`a${ZWSP}b\u00ADc \t\n`)).toBe(3);
    expect(countVisibleCharacters('🩺🩺')).toBe(2);
    expect(countVisibleCharacters('\uFEFF\u2060\u180E')).toBe(0);
  });

  it('keeps spaces when asked not to trim (mapping separators)', () => {
    const sep = safeText({ max: 10, trim: false });
    expect(sep.parse(' ')).toBe(' ');
    expect(sep.parse(' | ')).toBe(' | ');
    expect(issueOf(sep, '\u0000').message).toMatch(/NUL/);
  });
});

describe('calendarDate', () => {
  it.each([
    ['2027-02-30', /real calendar date \(2027-02-30 does not exist\)/],
    ['2026-13-01', /real calendar date/],
    ['2026-00-10', /real calendar date/],
    ['2026-04-31', /real calendar date/],
    ['2026-01-00', /real calendar date/],
    ['2100-02-29', /real calendar date/], // not a leap year
    ['2026-2-3', /must be a date, YYYY-MM-DD/],
    ['2026-02-03T00:00:00Z', /must be a date, YYYY-MM-DD/],
  ])('refuses %s', (value, message) => {
    expect(issueOf(calendarDate(), value).message).toMatch(message);
  });

  it.each(['2028-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])(
    'accepts %s',
    value => {
      expect(calendarDate().parse(value)).toBe(value);
    },
  );
});

describe('strictDateTime', () => {
  it.each([
    [
      '2027-02-30T10:00:00Z',
      /real calendar date \(2027-02-30 does not exist\)/,
    ],
    ['2026-13-01T10:00:00Z', /real calendar date/],
    ['2026-02-01T24:00:00Z', /ISO 8601|real time/],
    ['2026-02-01T10:00:00+99:99', /UTC offset between -14:00 and \+14:00/],
    ['2026-02-01T10:00:00+15:00', /UTC offset/],
    ['2026-02-01T10:00:00+0100', /ISO 8601 date-time with offset/],
    ['2026-02-01T10:00:00', /ISO 8601 date-time with offset/],
    ['2026-02-01 10:00:00Z', /ISO 8601 date-time with offset/],
    ['soon', /ISO 8601 date-time with offset/],
  ])('refuses %s', (value, message) => {
    expect(issueOf(strictDateTime(), value).message).toMatch(message);
  });

  it.each([
    '2026-11-24T10:00:00Z',
    '2028-02-29T23:59:59.123Z',
    '2026-11-24T10:00:00+01:00',
    '2026-11-24T10:00:00-14:00',
  ])('accepts %s', value => {
    expect(strictDateTime().parse(value)).toBe(value);
  });
});

describe('strictBase64', () => {
  const b64 = strictBase64(16);

  it.each([
    ['***', /must be base64 \(standard alphabet/],
    ['aGk', /correct padding/],
    ['aGk==', /correct padding/],
    ['aG k=', /standard alphabet/],
    ['aGk=\n', /standard alphabet/],
    ['a-_b', /standard alphabet/], // URL-safe alphabet
    ['=aGk', /= only as padding at the end/],
    ['aG=k', /= only as padding at the end/],
    ['aGk===', /= only as padding at the end/],
    ['aGk=aGk=', /= only as padding at the end/],
    ['aGl=', /canonical/], // "hi" with a stray bit: Buffer would store "hi" under another text
    ['aR==', /canonical/],
    ['', /at least one byte/],
    ['A'.repeat(28), /at most 16 bytes/],
    ['AAAAAAAAAAAAAAAAAAAAAAA=', /at most 16 bytes/], // 17 bytes
  ])('refuses %j', (value, message) => {
    expect(issueOf(b64, value).message).toMatch(message);
  });

  it('counts decoded bytes, padding included', () => {
    // 24 characters with two pad characters decode to 16 bytes: allowed at 16, not at 15.
    expect(b64.parse('AAAAAAAAAAAAAAAAAAAAAA==')).toBe(
      'AAAAAAAAAAAAAAAAAAAAAA==',
    );
    expect(
      issueOf(strictBase64(15), 'AAAAAAAAAAAAAAAAAAAAAA==').message,
    ).toMatch(/at most 15 bytes/);
  });

  it.each(['aGk=', 'aGVsbG8=', 'AA==', 'AAAA', '+/+/'])('accepts %s', value => {
    expect(b64.parse(value)).toBe(value);
  });

  it('decodes and encodes exactly like Buffer, for every length and many byte values', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    // Lengths 0 to 199, drawn in that order.
    const samples = Array.from({ length: 200 }, (_, len) =>
      Uint8Array.from({ length: len }, rand),
    );
    for (const bytes of samples) {
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    // Decoding: every non-empty sample.
    for (const bytes of samples.slice(1)) {
      const expected = Buffer.from(bytes).toString('base64');
      expect(Array.from(decodeBase64(expected)!)).toEqual(Array.from(bytes));
      expect(base64DecodedLength(expected)).toBe(bytes.length);
    }
    // Large input crosses the encoder's chunk boundary.
    const big = Uint8Array.from({ length: 100_003 }, rand);
    expect(encodeBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('refuses exactly what does not survive a Buffer round trip', () => {
    // Every two-character-plus-padding and three-character-plus-padding tail.
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (const c of alphabet) {
      for (const text of [`Q${c}==`, `QU${c}=`]) {
        const roundTrips =
          Buffer.from(text, 'base64').toString('base64') === text;
        expect(b64.safeParse(text).success).toBe(roundTrips);
      }
    }
  });

  it('agrees with a full Buffer round trip on mutated valid texts', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
    const large = strictBase64(1000);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: 1 + rand(40) }, () => rand(256));
      const chars = Buffer.from(bytes).toString('base64').split('');
      chars[rand(chars.length)] = alphabet[rand(alphabet.length)]; // one character changed
      const text = chars.join('');
      const roundTrips =
        /^[A-Za-z0-9+/]*={0,2}$/.test(text) &&
        text.length % 4 === 0 &&
        Buffer.from(text, 'base64').toString('base64') === text;
      expect(large.safeParse(text).success).toBe(roundTrips);
      if (roundTrips) accepted++;
    }
    expect(accepted).toBeGreaterThan(1000);
  });

  it('checks megabytes quickly', () => {
    const big = Buffer.alloc(MAX_EVIDENCE_BYTES, 7).toString('base64');
    const started = Date.now();
    expect(strictBase64(MAX_EVIDENCE_BYTES).safeParse(big).success).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('works without Buffer, as in the browser', () => {
    const saved = globalThis.Buffer;
    try {
      (globalThis as any).Buffer = undefined;
      expect(b64.parse('aGVsbG8=')).toBe('aGVsbG8=');
      expect(b64.safeParse('aGVsbG9=').success).toBe(false);
      expect(encodeBase64(new Uint8Array([104, 105]))).toBe('aGk=');
    } finally {
      globalThis.Buffer = saved;
    }
  });
});

describe('mediaType', () => {
  it.each([
    '../..',
    'a/',
    '/b',
    'text',
    'text/html; charset=utf-8',
    'text/html\r\nX-Injected: 1',
    '.a/b',
    'a/.b',
    'a b/c',
    'tëxt/plain',
  ])('refuses %j', value => {
    expect(issueOf(mediaType(), value).message).toMatch(
      /must be a media type, e.g. application\/pdf/,
    );
  });

  it.each([
    ['application/pdf', 'application/pdf'],
    ['Application/PDF', 'application/pdf'],
    [' image/svg+xml ', 'image/svg+xml'],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['application/fhir+json', 'application/fhir+json'],
    ['x-application/x-hl7_v2!#$&^', 'x-application/x-hl7_v2!#$&^'],
  ])('accepts %s', (value, out) => {
    expect(mediaType().parse(value)).toBe(out);
  });
});

describe('safeUrl and isSafeHttpUrl', () => {
  const refused: Array<[string, RegExp]> = [
    // eslint-disable-next-line no-script-url -- a hostile URL the schema must refuse
    ['javascript:alert(1)', /must use https or http, not javascript:/],
    // eslint-disable-next-line no-script-url -- a hostile URL the schema must refuse
    ['JaVaScRiPt:alert(1)', /not javascript:/],
    ['\tjavascript:alert(1)', /not javascript:/], // trimmed first, then refused by scheme
    [
      'java\tscript:alert(1)',
      /whitespace or control characters \(HT at position 5\)/,
    ],
    ['java\nscript:alert(1)', /whitespace or control characters \(LF/],
    ['\u0000javascript:alert(1)', /control characters \(NUL at position 1\)/],
    ['data:text/html,<script>alert(1)</script>', /not data:/],
    ['vbscript:msgbox(1)', /not vbscript:/],
    ['file:///etc/passwd', /not file:/],
    ['ftp://files.example.org/a', /not ftp:/],
    ['//evil.example/a', /absolute URL/],
    ['evidence/report.pdf', /absolute URL/],
    ['https://user:secret@docs.example.org/a', /credentials/],
    ['https://user@docs.example.org/a', /credentials/],
    ['https:docs.example.org', /absolute URL with a host/],
    ['https://', /valid URL/],
    ['https://docs.example.org/a b', /whitespace/],
    [`https://docs.example.org/${RLO}fdp.exe`, /U\+202E/],
    [`https://docs.example.org/${'a'.repeat(2000)}`, /at most 2000 characters/],
  ];

  it.each(refused)('refuses %j', (value, message) => {
    expect(issueOf(safeUrl(), value).message).toMatch(message);
  });

  it.each(refused)('isSafeHttpUrl is false for %j', value => {
    expect(isSafeHttpUrl(value)).toBe(false);
  });

  it.each([
    'https://docs.example.org/baa.pdf',
    'http://intranet.hospital.local/reviews/42?version=2#summary',
    'HTTPS://DOCS.EXAMPLE.ORG/A',
    'https://müller-klinik.de/befund',
    'https://docs.example.org:8443/a%20b',
  ])('accepts %s', value => {
    expect(safeUrl().parse(value)).toBe(value);
    expect(isSafeHttpUrl(value)).toBe(true);
  });

  it('isSafeHttpUrl does not trim and tolerates any stored value', () => {
    expect(isSafeHttpUrl(' https://docs.example.org/a')).toBe(false);
    expect(isSafeHttpUrl(undefined)).toBe(false);
    expect(isSafeHttpUrl('')).toBe(false);
    expect(isSafeHttpUrl(42 as any)).toBe(false);
  });

  it('takes other schemes only when listed', () => {
    const mail = safeUrl({ schemes: ['mailto'] });
    expect(mail.parse('mailto:security@example.org')).toBe(
      'mailto:security@example.org',
    );
    expect(issueOf(mail, 'https://example.org').message).toMatch(
      /must use mailto, not https:/,
    );
  });
});

/** Valid bodies; each case below breaks one field and expects the issue to name it. */
const INTAKE = {
  name: 'lab-orders',
  title: 'Epic → Sunquest lab orders',
  profile: {
    phi: true,
    externalVendor: false,
    patientFacing: false,
    dataClasses: ['lab-results'],
    messageTypes: ['ORM^O01'],
    sourceSystem: 'component:default/epic-ehr',
    destinationSystem: 'component:default/sunquest-lis',
    patientPopulation: 'All inpatients of Müller–Lüdenscheid',
    businessReason: 'Electronic lab orders replace paper requisitions',
    urgency: 'normal',
    targetLaunch: '2027-02-28',
  },
  roles: {
    businessOwner: 'group:default/revenue-cycle',
    technicalOwner: 'user:default/dev.ops',
    processOwner: 'group:default/clinical-informatics',
    securityReviewer: 'group:default/security-office',
    complianceReviewer: 'group:default/compliance-office',
    testOwner: 'group:default/quality-assurance',
    supportOwner: 'group:default/it-support',
  },
};
const EVIDENCE = {
  kind: 'baa',
  title: 'Signed BAA',
  mediaType: 'application/pdf',
  contentBase64: 'aGk=',
};
const LINK = {
  kind: 'baa',
  title: 'Signed BAA',
  url: 'https://docs.example.org/baa.pdf',
  expiresAt: '2027-01-31T00:00:00Z',
};
const EVENT = {
  integrationRef: 'component:default/lab-orders',
  category: 'technical',
  kind: 'failed-message',
  occurredAt: '2026-11-24T10:00:00Z',
  source: 'mirth:prod',
  dedupKey: 'k-1',
  message: 'ACK AE: PID-3 missing',
};
const MAPPING = {
  apiVersion: 'healthcare-integration/v1',
  kind: 'MappingSpec',
  source: { standard: 'hl7v2', version: '2.5.1', message: 'ADT^A01' },
  destination: { standard: 'custom', layout: 'bed-board', columns: ['mrn'] },
  rows: [
    {
      id: 'patient-mrn',
      source: 'PID-3.1',
      destination: 'mrn',
      phiClass: 'demographics',
      meaning: 'Medical record number\nassigned by the hospital',
      confirmBy: 'processOwner',
    },
  ],
};
const withProfile = (p: object) => ({
  ...INTAKE,
  profile: { ...INTAKE.profile, ...p },
});
const row = (r: object) => ({
  ...MAPPING,
  rows: [{ ...MAPPING.rows[0], ...r }],
});

describe('API payload schemas use the strict rules and name the field', () => {
  it.each<[string, z.ZodTypeAny, object]>([
    ['intake', createIntegrationSchema, INTAKE],
    [
      'intake with unicode vendor',
      createIntegrationSchema,
      withProfile({
        externalVendor: true,
        vendorName: 'Müller Labordienste GmbH 🧪',
      }),
    ],
    ['evidence file', uploadEvidenceSchema, EVIDENCE],
    ['evidence link', uploadEvidenceSchema, LINK],
    [
      'waiver',
      waiveGateSchema,
      {
        justification: 'Vendor BAA is signed; the copy follows',
        expiresAt: '2027-01-31T00:00:00+01:00',
      },
    ],
    ['waiver confirmation', confirmWaiverSchema, { comment: 'Agreed' }],
    ['monitoring event', monitoringEventSchema, EVENT],
    ['mapping spec', mappingSpecSchema, MAPPING],
  ])('accepts a valid %s', (_label, schema, body) => {
    expect(schema.safeParse(body).success).toBe(true);
  });

  it.each<[string, z.ZodTypeAny, object, string, RegExp]>([
    [
      'title with NUL',
      createIntegrationSchema,
      { ...INTAKE, title: 'Lab\u0000orders' },
      'title',
      /NUL at position 4/,
    ],
    [
      'title with RLO',
      createIntegrationSchema,
      { ...INTAKE, title: `Lab ${RLO}sredro` },
      'title',
      /bidirectional/,
    ],
    [
      'title only zero-width',
      createIntegrationSchema,
      { ...INTAKE, title: ZWSP.repeat(3) },
      'title',
      /visible/,
    ],
    [
      'businessReason zero-width padded',
      createIntegrationSchema,
      withProfile({ businessReason: `abc${ZWSP.repeat(20)}` }),
      'profile.businessReason',
      /at least 10 visible/,
    ],
    [
      'patientPopulation control char',
      createIntegrationSchema,
      withProfile({ patientPopulation: 'All\u0007' }),
      'profile.patientPopulation',
      /BEL/,
    ],
    [
      'messageTypes item zero-width',
      createIntegrationSchema,
      withProfile({ messageTypes: [ZWSP] }),
      'profile.messageTypes.0',
      /visible/,
    ],
    [
      'vendorName RLO',
      createIntegrationSchema,
      withProfile({ externalVendor: true, vendorName: `Acme${RLO}` }),
      'profile.vendorName',
      /bidirectional/,
    ],
    [
      'downstreamWorkflow NUL',
      createIntegrationSchema,
      withProfile({ downstreamWorkflow: 'a\u0000' }),
      'profile.downstreamWorkflow',
      /NUL/,
    ],
    [
      'targetLaunch 2027-02-30',
      createIntegrationSchema,
      withProfile({ targetLaunch: '2027-02-30' }),
      'profile.targetLaunch',
      /real calendar date/,
    ],
    [
      'targetLaunch 2026-13-01',
      updateIntegrationSchema,
      { profile: { targetLaunch: '2026-13-01' } },
      'profile.targetLaunch',
      /real calendar date/,
    ],
    [
      'update title NUL',
      updateIntegrationSchema,
      { title: '\u0000' },
      'title',
      /NUL/,
    ],
    [
      'decision comment NUL',
      decideGateSchema,
      { decision: 'approve', comment: 'ok\u0000' },
      'comment',
      /NUL/,
    ],
    [
      'decision comment zero-width',
      decideGateSchema,
      { decision: 'approve', comment: ZWSP },
      'comment',
      /visible/,
    ],
    [
      'waiver padded',
      waiveGateSchema,
      {
        justification: `because${ZWSP.repeat(20)}`,
        expiresAt: '2027-01-31T00:00:00Z',
      },
      'justification',
      /at least 20 visible/,
    ],
    [
      'waiver without expiry',
      waiveGateSchema,
      { justification: 'A long enough written justification' },
      'expiresAt',
      /Required/,
    ],
    [
      'waiver expiry 2027-02-30',
      waiveGateSchema,
      {
        justification: 'A long enough written justification',
        expiresAt: '2027-02-30T00:00:00Z',
      },
      'expiresAt',
      /real calendar date/,
    ],
    [
      'waiver unknown key',
      waiveGateSchema,
      {
        justification: 'A long enough written justification',
        expiresAt: '2027-01-31T00:00:00Z',
        by: 'x',
      },
      '',
      /Unrecognized key/,
    ],
    [
      'waiver confirmation empty',
      confirmWaiverSchema,
      { comment: ` ${ZWSP} ` },
      'comment',
      /visible/,
    ],
    [
      'evidence title RLO',
      uploadEvidenceSchema,
      { ...EVIDENCE, title: `report${RLO}fdp.exe` },
      'title',
      /bidirectional/,
    ],
    [
      'evidence not base64',
      uploadEvidenceSchema,
      { ...EVIDENCE, contentBase64: '***' },
      'contentBase64',
      /must be base64/,
    ],
    [
      'evidence non-canonical base64',
      uploadEvidenceSchema,
      { ...EVIDENCE, contentBase64: 'aGl=' },
      'contentBase64',
      /canonical/,
    ],
    [
      'evidence unpadded base64',
      uploadEvidenceSchema,
      { ...EVIDENCE, contentBase64: 'aGk' },
      'contentBase64',
      /padding/,
    ],
    [
      'evidence media type ../..',
      uploadEvidenceSchema,
      { ...EVIDENCE, mediaType: '../..' },
      'mediaType',
      /media type/,
    ],
    [
      'evidence media type with parameters',
      uploadEvidenceSchema,
      { ...EVIDENCE, mediaType: 'text/html; charset=utf-8' },
      'mediaType',
      /media type/,
    ],
    [
      'evidence javascript: url',
      uploadEvidenceSchema,
      // eslint-disable-next-line no-script-url -- a hostile URL the schema must refuse
      { ...LINK, url: 'javascript:alert(1)' },
      'url',
      /not javascript:/,
    ],
    [
      'evidence JaVaScRiPt: url',
      uploadEvidenceSchema,
      // eslint-disable-next-line no-script-url -- a hostile URL the schema must refuse
      { ...LINK, url: 'JaVaScRiPt:alert(document.cookie)' },
      'url',
      /not javascript:/,
    ],
    [
      'evidence tab-split javascript: url',
      uploadEvidenceSchema,
      { ...LINK, url: 'java\tscript:alert(1)' },
      'url',
      /control characters/,
    ],
    [
      'evidence data: url',
      uploadEvidenceSchema,
      { ...LINK, url: 'data:text/html;base64,PHNjcmlwdD4=' },
      'url',
      /not data:/,
    ],
    [
      'evidence vbscript: url',
      uploadEvidenceSchema,
      { ...LINK, url: 'vbscript:msgbox(1)' },
      'url',
      /not vbscript:/,
    ],
    [
      'evidence file: url',
      uploadEvidenceSchema,
      { ...LINK, url: 'file:///C:/secrets.txt' },
      'url',
      /not file:/,
    ],
    [
      'evidence url with credentials',
      uploadEvidenceSchema,
      { ...LINK, url: 'https://a:b@docs.example.org/x' },
      'url',
      /credentials/,
    ],
    [
      'evidence expiry 2027-02-30',
      uploadEvidenceSchema,
      { ...LINK, expiresAt: '2027-02-30T00:00:00Z' },
      'expiresAt',
      /real calendar date/,
    ],
    [
      'test notes NUL',
      recordTestSchema,
      { result: 'failed', notes: 'x\u0000' },
      'notes',
      /NUL/,
    ],
    [
      'change summary padded',
      openChangeRequestSchema,
      {
        type: 'new-field',
        summary: `ab${ZWSP.repeat(5)}`,
        impactAssessment: 'Adds PID-22 to the feed',
      },
      'summary',
      /at least 5 visible/,
    ],
    [
      'change impact padded',
      openChangeRequestSchema,
      {
        type: 'new-field',
        summary: 'Add a field',
        impactAssessment: `abc${ZWSP.repeat(10)}`,
      },
      'impactAssessment',
      /at least 10 visible/,
    ],
    [
      'change impact RLO',
      updateChangeRequestSchema,
      { impactAssessment: `Adds PID-22 ${RLO} to the feed` },
      'impactAssessment',
      /bidirectional/,
    ],
    ['portfolio q NUL', portfolioQuerySchema, { q: 'lab\u0000' }, 'q', /NUL/],
    [
      'event integrationRef NUL',
      monitoringEventSchema,
      { ...EVENT, integrationRef: 'component:default/x\u0000' },
      'integrationRef',
      /NUL/,
    ],
    [
      'event source RLO',
      monitoringEventSchema,
      { ...EVENT, source: `mirth${RLO}` },
      'source',
      /bidirectional/,
    ],
    [
      'event dedupKey zero-width',
      monitoringEventSchema,
      { ...EVENT, dedupKey: ZWSP },
      'dedupKey',
      /visible/,
    ],
    [
      'event message NUL',
      monitoringEventSchema,
      { ...EVENT, message: 'AE\u0000' },
      'message',
      /NUL/,
    ],
    [
      'event occurredAt 2026-02-30',
      monitoringEventSchema,
      { ...EVENT, occurredAt: '2026-02-30T10:00:00Z' },
      'occurredAt',
      /real calendar date/,
    ],
    [
      'mapping meaning padded',
      mappingSpecSchema,
      row({ meaning: `ab${ZWSP.repeat(5)}` }),
      'rows.0.meaning',
      /at least 3 visible/,
    ],
    [
      'mapping meaning RLO',
      mappingSpecSchema,
      row({ meaning: `MRN ${RLO}diova` }),
      'rows.0.meaning',
      /bidirectional/,
    ],
    [
      'mapping layout NUL',
      mappingSpecSchema,
      {
        ...MAPPING,
        destination: {
          standard: 'custom',
          layout: 'bed\u0000',
          columns: ['mrn'],
        },
      },
      'destination.layout',
      /NUL/,
    ],
    [
      'mapping column zero-width',
      mappingSpecSchema,
      {
        ...MAPPING,
        destination: { standard: 'custom', layout: 'bed', columns: [ZWSP] },
      },
      'destination.columns.0',
      /visible/,
    ],
    [
      'mapping constant NUL',
      mappingSpecSchema,
      row({ transform: { type: 'constant', value: 'x\u0000' } }),
      'rows.0.transform.value',
      /NUL/,
    ],
    [
      'mapping code-map value RLO',
      mappingSpecSchema,
      row({ transform: { type: 'code-map', table: { A: `a${RLO}` } } }),
      'rows.0.transform.table.A',
      /bidirectional/,
    ],
    [
      'mapping dispute padded',
      disputeMappingRowSchema,
      { comment: `no${ZWSP.repeat(5)}` },
      'comment',
      /at least 5 visible/,
    ],
  ])('refuses %s', (_label, schema, body, path, message) => {
    const issue = issueOf(schema, body);
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toMatch(message);
  });

  it('keeps the mapping separator a space by default and allows spaces in code-map values', () => {
    const spec = mappingSpecSchema.parse(
      row({ transform: { type: 'concatenate', parts: ['PID-5.2'] } }),
    );
    expect(spec.rows[0].transform).toEqual({
      type: 'concatenate',
      parts: ['PID-5.2'],
      separator: ' ',
    });
    const codes = mappingSpecSchema.parse(
      row({
        transform: { type: 'code-map', table: { ' A': 'in progress ', B: '' } },
      }),
    );
    expect(codes.rows[0].transform).toEqual({
      type: 'code-map',
      table: { ' A': 'in progress ', B: '' },
    });
  });

  it('lower-cases the evidence media type and keeps the evidence size limit', () => {
    expect(
      uploadEvidenceSchema.parse({ ...EVIDENCE, mediaType: 'Application/PDF' })
        .mediaType,
    ).toBe('application/pdf');
    const justOver = 'A'.repeat(4 * Math.ceil((MAX_EVIDENCE_BYTES + 1) / 3));
    const issue = issueOf(uploadEvidenceSchema, {
      ...EVIDENCE,
      contentBase64: justOver,
    });
    expect(issue.path).toEqual(['contentBase64']);
    expect(issue.message).toMatch(
      new RegExp(`at most ${MAX_EVIDENCE_BYTES} bytes`),
    );
  });

  describe('a full evidence upload body with one bad value names that field', () => {
    it.each<[string, string, RegExp]>([
      // eslint-disable-next-line no-script-url -- a hostile URL the schema must refuse
      ['url', 'javascript:alert(1)', /not javascript:/],
      ['url', 'data:text/html,hi', /not data:/],
      ['url', '\u0001https://docs.example.org/a', /control characters \(SOH/],
      ['contentBase64', 'not base64!', /must be base64/],
      ['contentBase64', 'aGVsbG9=', /canonical/],
      ['mediaType', '../..', /media type/],
      ['mediaType', 'a/', /media type/],
      ['mediaType', '/b', /media type/],
      ['title', 'BAA\u0000', /NUL/],
      ['expiresAt', '2027-02-30T00:00:00Z', /real calendar date/],
    ])('%s = %j', (field, value, message) => {
      const body =
        field === 'url' || field === 'expiresAt'
          ? { ...LINK, [field]: value }
          : { ...EVIDENCE, [field]: value };
      const result = uploadEvidenceSchema.safeParse(body);
      expect(result.success).toBe(false);
      if (result.success) return;
      expect(result.error.issues).toHaveLength(1);
      expect(result.error.issues[0].path).toEqual([field]);
      expect(result.error.issues[0].message).toMatch(message);
    });
  });
});
