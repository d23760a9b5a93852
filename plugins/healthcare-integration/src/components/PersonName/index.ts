export { PersonName, joinNodes } from './PersonName';
