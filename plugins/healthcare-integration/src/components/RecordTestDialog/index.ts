export { RecordTestDialog } from './RecordTestDialog';
export type { RecordTestDialogProps } from './RecordTestDialog';
