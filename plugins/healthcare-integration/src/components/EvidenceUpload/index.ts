export { EvidenceUpload } from './EvidenceUpload';
export type { EvidenceUploadProps } from './EvidenceUpload';
