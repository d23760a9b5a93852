export { OperatingModelSection } from './OperatingModelSection';
export { useOperatingModel } from './useOperatingModel';
