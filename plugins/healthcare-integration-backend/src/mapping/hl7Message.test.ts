import {
  Hl7Message,
  Hl7ParseError,
  escapeText,
  unescapeText,
  DEFAULT_DELIMITERS,
} from './hl7Message';
import { parseHl7Path } from './hl7Path';
import { sample } from './testSamples';

describe('Hl7Message.parse', () => {
  const msg = Hl7Message.parse(sample('hl7v2/adt-a01.hl7'));

  it('reads fields, components and repetitions by path', () => {
    expect(msg.get('MSH-9.1')).toBe('ADT');
    expect(msg.get('MSH-9.2')).toBe('A01');
    expect(msg.get('MSH-12')).toBe('2.5.1');
    expect(msg.get('PID-3.1')).toBe('MRN100234');
    expect(msg.getAll('PID-3.1')).toEqual(['MRN100234', '987-65-4320']);
    expect(msg.get('PID-3[2].5')).toBe('SS');
    expect(msg.get('PID-5.2')).toBe('Jamie');
    expect(msg.get('PV1-44.1')).toBe('20261124082500-0600');
  });

  it('returns MSH-1 and MSH-2 as the delimiters themselves, unsplit and unescaped', () => {
    expect(msg.get('MSH-1')).toBe('|');
    expect(msg.get('MSH-2')).toBe('^~\\&');
  });

  it('resolves escape sequences inside values (\\T\\ is the subcomponent separator)', () => {
    expect(msg.get('PID-11.2')).toBe('Apt 4&B');
    const orm = Hl7Message.parse(sample('hl7v2/orm-o01.hl7'));
    expect(orm.get('NTE-3')).toBe(
      'Patient fasting since 22:00\nDraw before breakfast',
    );
  });

  it('returns a composite field re-encoded, and absent or empty values as undefined', () => {
    expect(msg.get('PID-3[1]')).toBe('MRN100234^^^STMARYS^MR');
    expect(msg.get('PID-4')).toBeUndefined();
    expect(msg.get('PID-99')).toBeUndefined();
    expect(msg.get('ZZZ-1')).toBeUndefined();
  });

  it('uses the delimiters the message declares, not the defaults', () => {
    const text =
      'MSH*:!\\%*APP*FAC*DEST*DFAC*20261124**ADT:A01*1*P*2.5.1\rPID*1**A1%X:B!A2**Doe:Jo\\S\\an';
    const m = Hl7Message.parse(text);
    expect(m.delimiters).toEqual({
      field: '*',
      component: ':',
      repetition: '!',
      escape: '\\',
      subcomponent: '%',
      hexCharset: 'latin1',
    });
    expect(m.get('MSH-9.2')).toBe('A01');
    expect(m.getAll('PID-3.1')).toEqual(['A1%X', 'A2']);
    expect(m.get('PID-3[1].1.2')).toBe('X');
    expect(m.get('PID-3[1].2')).toBe('B');
    expect(m.get('PID-5.2')).toBe('Jo:an');
  });

  it('accepts LF, CRLF and MLLP framing, and subcomponents', () => {
    const m = Hl7Message.parse(
      '\x0bMSH|^~\\&|A\r\nPID|1||1^^^H&1.2.3&ISO\n\x1c',
    );
    expect(m.get('PID-3.4.1')).toBe('H');
    expect(m.get('PID-3.4.2')).toBe('1.2.3');
    expect(m.get('PID-3.4')).toBe('H&1.2.3&ISO');
  });

  it('treats the HL7 null "" as no value', () => {
    const m = Hl7Message.parse('MSH|^~\\&|A\rPID|1||""');
    expect(m.get('PID-3')).toBeUndefined();
  });

  it.each([
    ['', /starts with an MSH/],
    ['PID|1', /starts with an MSH/],
    ['MSH|^~', /four encoding characters/],
    ['MSH|^^\\&|A', /must all differ/],
    ['MSH|^~\\&|A\rpid|1', /not a segment id/],
    ['MSH|^~\\&|A\rPIDX1', /field separator/],
  ])('rejects malformed input %j', (text, message) => {
    expect(() => Hl7Message.parse(text)).toThrow(Hl7ParseError);
    expect(() => Hl7Message.parse(text)).toThrow(message);
  });
});

describe('escaping', () => {
  it('round-trips every delimiter and line breaks', () => {
    const text = 'a|b^c~d\\e&f\ng';
    const escaped = escapeText(text, DEFAULT_DELIMITERS);
    expect(escaped).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f\\.br\\g');
    expect(unescapeText(escaped, DEFAULT_DELIMITERS)).toBe(text);
  });

  it('decodes hex escapes and drops highlighting, keeps unknown and unterminated sequences', () => {
    expect(unescapeText('\\X41\\\\H\\B\\N\\', DEFAULT_DELIMITERS)).toBe('AB');
    expect(unescapeText('\\Zfoo\\', DEFAULT_DELIMITERS)).toBe('\\Zfoo\\');
    expect(unescapeText('a\\b', DEFAULT_DELIMITERS)).toBe('a\\b');
  });
});

describe('Hl7Message writing', () => {
  it('writes paths into new segments and reads them back after a parse', () => {
    const m = Hl7Message.create();
    m.set('MSH-9.1', 'ORU');
    m.set('MSH-9.2', 'R01');
    m.set('OBX-5', '98|high');
    m.set('OBX-3.1', '2345-7');
    m.set('OBX-3.3', 'LN');
    m.set('OBX[2]-5', '7');
    m.set('PID-3[2].1', 'SECOND');
    const text = m.toString();
    expect(text.split('\r')[0]).toBe('MSH|^~\\&|||||||ORU^R01');
    expect(text).toContain('OBX|||2345-7^^LN||98\\F\\high');
    const back = Hl7Message.parse(text);
    expect(back.get('OBX-5')).toBe('98|high');
    expect(back.get('OBX[2]-5')).toBe('7');
    expect(back.getAll('PID-3.1')).toEqual(['SECOND']);
    expect(back.get('PID-3[2].1')).toBe('SECOND');
  });

  it('refuses to overwrite the delimiters', () => {
    expect(() => Hl7Message.create().set('MSH-2', 'x')).toThrow(/delimiters/);
  });
});

describe('parseHl7Path', () => {
  it('parses segment occurrence, field repetition, component and subcomponent', () => {
    expect(parseHl7Path('OBX[2]-5[3].1.2')).toEqual({
      segment: 'OBX',
      segmentIndex: 2,
      field: 5,
      repetition: 3,
      component: 1,
      subcomponent: 2,
    });
    expect(parseHl7Path('PID-3')).toMatchObject({
      segment: 'PID',
      field: 3,
      component: undefined,
    });
  });
  it.each([
    'PID3',
    'PID-0',
    'PID-3[0]',
    'pid-3',
    'PID-3.1.2.3',
    'Patient.name',
  ])('rejects %s', p => {
    expect(parseHl7Path(p)).toBeUndefined();
  });
});
