/**
 * Codes of a few HL7 v2 tables commonly code-mapped in interfaces. `hl7v2-dictionary` names
 * each field's table number but carries no table values, so the validator can only list unmapped
 * codes for the tables below (values as in HL7 v2.5.1, chapter 2C). Other tables: the validator
 * falls back to requiring a `default` on the code map.
 */
export const HL7_TABLE_VALUES: Record<number, { name: string; codes: string[] }> = {
  1: { name: 'Administrative Sex', codes: ['F', 'M', 'O', 'U', 'A', 'N'] },
  2: { name: 'Marital Status', codes: ['A', 'D', 'M', 'S', 'W', 'C', 'G', 'P', 'R', 'E', 'N', 'I', 'B', 'U', 'O', 'T'] },
  4: { name: 'Patient Class', codes: ['E', 'I', 'O', 'P', 'R', 'B', 'C', 'N', 'U'] },
  38: { name: 'Order Status', codes: ['A', 'CA', 'CM', 'DC', 'ER', 'HD', 'IP', 'RP', 'SC'] },
  85: {
    name: 'Observation Result Status Codes Interpretation',
    codes: ['C', 'D', 'F', 'I', 'N', 'O', 'P', 'R', 'S', 'U', 'W', 'X'],
  },
  119: {
    name: 'Order Control Codes',
    codes: ['NW', 'OK', 'UA', 'CA', 'OC', 'CR', 'UC', 'DC', 'OD', 'DR', 'UD', 'HD', 'OH', 'HR', 'UH', 'RL', 'OE', 'OR', 'UR', 'RP', 'RU', 'RO', 'RQ', 'UM', 'PA', 'CN', 'RE', 'RR', 'SR', 'SS', 'SC', 'SN', 'NA', 'CH', 'XO', 'XX', 'UX', 'XR', 'DE', 'RF', 'LI', 'UN', 'OP', 'PY', 'PR'],
  },
  123: { name: 'Result Status', codes: ['O', 'I', 'S', 'A', 'P', 'C', 'R', 'F', 'X', 'Y', 'Z'] },
};
