export { ShortHash } from './ShortHash';
