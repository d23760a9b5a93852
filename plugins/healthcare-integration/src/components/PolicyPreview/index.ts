export { PolicyPreviewPage } from './PolicyPreviewPage';
