export { RemainingWork, ItemOwner } from './RemainingWork';
export { PersonName } from './PersonName';
export { deepLinkTarget, itemAnchorId, itemSearch } from './deepLinks';
export type { DeepLinkTarget } from './deepLinks';
