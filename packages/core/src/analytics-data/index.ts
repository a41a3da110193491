export { ProductFactsReader } from './product-facts.js';
