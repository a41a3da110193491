export { canonicalScope, sameScope } from './rules.js';
export { SavedQueriesService } from './saved-queries.js';
export { BoardsService } from './service.js';
