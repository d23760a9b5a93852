import {
  dictionaries,
  type HL7DataTypeDefinition,
  type HL7Dictionary,
  type HL7FieldDefinition,
  type HL7MessageSegmentsDefinition,
  type HL7Version,
} from 'hl7v2-dictionary';

/**
 * HL7 v2 definitions (segments, fields, data types and their components, message structures)
 * for versions 2.1–2.8, from the `hl7v2-dictionary` package (MIT).
 */
export type { HL7FieldDefinition };

export const HL7_VERSIONS = Object.keys(dictionaries) as HL7Version[];

export function hl7Dictionary(version: string): HL7Dictionary | undefined {
  return (dictionaries as Record<string, HL7Dictionary>)[version];
}

export function hl7Type(
  dict: HL7Dictionary,
  type: string,
): HL7DataTypeDefinition | undefined {
  return dict.types[type];
}

/** The data type's components, in order; empty for primitive types (ST, ID, NM, DT…). */
export function componentsOf(
  dict: HL7Dictionary,
  type: string,
): Record<string, HL7FieldDefinition> {
  return dict.types[type]?.fields ?? {};
}

/**
 * The segment ids a message structure allows (walking its groups), or undefined when the
 * dictionary does not define the structure. `ADT^A08` uses structure ADT_A01 in 2.5.1; the
 * dictionary lists both names, and an explicit third part (`ADT^A08^ADT_A01`) wins.
 */
export function messageSegments(
  dict: HL7Dictionary,
  messageType: string,
): Set<string> | undefined {
  const [code, event, structure] = messageType.split('^');
  const def =
    dict.messages[structure ?? `${code}_${event}`] ?? dict.messages[code];
  if (!def?.segments) return undefined;
  const out = new Set<string>();
  const walk = (segments: Record<string, HL7MessageSegmentsDefinition>) => {
    for (const [name, s] of Object.entries(segments)) {
      if (s.segments) walk(s.segments);
      // A choice of segments is listed as one name: "OBR,RQD,RQ1,RXO,ODS,ODT".
      else name.split(',').forEach(n => out.add(n.trim()));
    }
  };
  walk(def.segments);
  return out;
}
