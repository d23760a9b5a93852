export { OpenChangeRequestDialog } from './OpenChangeRequestDialog';
export type { OpenChangeRequestDialogProps } from './OpenChangeRequestDialog';
