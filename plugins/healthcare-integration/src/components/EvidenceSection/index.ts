export { EvidenceSection } from './EvidenceSection';
export type { EvidenceSectionProps } from './EvidenceSection';
