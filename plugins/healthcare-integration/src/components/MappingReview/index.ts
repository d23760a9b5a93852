export { MappingReviewSection } from './MappingReviewSection';
export type { MappingReviewSectionProps } from './MappingReviewSection';
