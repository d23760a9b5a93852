export { RecordChanges, recordChangeFields } from './RecordChanges';
export type { RecordChangesProps } from './RecordChanges';
