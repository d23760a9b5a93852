export { PortfolioFilters } from './PortfolioFilters';
export type { PortfolioFiltersProps } from './PortfolioFilters';
