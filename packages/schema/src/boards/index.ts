export * from './boards.js';
export * from './views.js';
