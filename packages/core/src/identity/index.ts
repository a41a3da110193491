export {
  type ApplyResult,
  type GroupTraits,
  type IdentityApplyError,
  type IdentityDeps,
  IdentityService,
  type PositionedCommands,
} from './service.js';
export {
  applyProfileOp,
  emptyTraitState,
  lookupKeys,
  mergeTraitStates,
  normalizeEmail,
  normalizePhone,
  type TraitError,
  type TraitState,
  type Traits,
} from './traits.js';
