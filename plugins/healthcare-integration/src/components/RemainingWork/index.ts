export { RemainingWork, ItemOwner } from './RemainingWork';
export { deepLinkTarget, itemAnchorId, itemSearch } from './deepLinks';
export type { DeepLinkTarget } from './deepLinks';
