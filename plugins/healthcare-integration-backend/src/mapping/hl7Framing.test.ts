import { Hl7Message, Hl7ParseError } from './hl7Message';

const MSG =
  'MSH|^~\\&|LAB|H1|EHR|H1|20261125||ORU^R01|7|P|2.5.1\rPID|1||X1||Doe^Jo||""|F\r';

describe('HL7 v2 framing, batches, hex escapes and the HL7 null', () => {
  it('takes a complete MLLP frame and refuses one missing a block', () => {
    expect(Hl7Message.parse(`\x0b${MSG}\x1c\r`).get('PID-3')).toBe('X1');
    expect(() => Hl7Message.parse(`\x0b${MSG}`)).toThrow(
      /Incomplete MLLP frame: the start block .* has no end block/,
    );
    expect(() => Hl7Message.parse(`${MSG}\x1c\r`)).toThrow(
      /end block \(FS, 0x1C\) without the start block/,
    );
    expect(() => Hl7Message.parse(`\x0b${MSG}\x1c\rPID|2`)).toThrow(
      Hl7ParseError,
    );
  });

  it('unwraps FHS/BHS batches and counts their messages', () => {
    const batch = `FHS|^~\\&|LAB\rBHS|^~\\&|LAB\r${MSG}${MSG.replace(
      'X1',
      'X2',
    )}BTS|2\rFTS|1\r`;
    const all = Hl7Message.parseBatch(batch);
    expect(all.map(m => m.get('PID-3'))).toEqual(['X1', 'X2']);
    expect(() => Hl7Message.parse(batch)).toThrow(
      'The batch holds 2 messages; send one message at a time',
    );
    expect(
      Hl7Message.parse(`BHS|^~\\&|LAB\r${MSG}BTS|1\r`).segments.map(
        s => s.name,
      ),
    ).toEqual(['MSH', 'PID']);
    expect(() => Hl7Message.parse('BHS|^~\\&|LAB\rBTS|0\r')).toThrow(
      'The batch holds no message (no MSH segment)',
    );
  });

  it('writes control characters as hex escapes, so a CR inside a value round-trips', () => {
    const msg = Hl7Message.parse(
      'MSH|^~\\&|A|B|C|D|20261125||ORU^R01|1|P|2.5.1\rOBX|1|TX|N||one\\X0D\\two\\X09\\three\r',
    );
    expect(msg.get('OBX-5')).toBe('one\rtwo\tthree');
    const text = msg.toString();
    expect(text.split('\r')).toHaveLength(2);
    expect(text).toContain('one\\X0D\\two\\X09\\three');
    expect(Hl7Message.parse(text).get('OBX-5')).toBe('one\rtwo\tthree');
  });

  it('reads hex escapes as UTF-8 when MSH-18 declares it', () => {
    const text = (charset: string) =>
      `MSH|^~\\&|A|B|C|D|20261125||ORU^R01|1|P|2.5.1||||||${charset}\rOBX|1|TX|N||caf\\XC3A9\\\r`;
    expect(Hl7Message.parse(text('UNICODE UTF-8')).get('OBX-5')).toBe('café');
    expect(Hl7Message.parse(text('')).get('OBX-5')).toBe('caf\u00c3\u00a9');
  });

  it('tells the HL7 null "" apart from an absent value', () => {
    const msg = Hl7Message.parse(MSG);
    expect(msg.get('PID-7')).toBeUndefined();
    expect(msg.isNull('PID-7')).toBe(true);
    expect(msg.isNull('PID-6')).toBe(false);
    expect(msg.isNull('PID-9')).toBe(false);
    expect(msg.get('PID-8')).toBe('F');
  });
});
