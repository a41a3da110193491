export { type MarkovOptions, type MarkovResult, markovAttribution } from './markov.js';
export {
  addCredit,
  type ChannelCredit,
  type ChannelPath,
  type Credit,
  DIRECT_CHANNEL,
  totals,
  touchpoints,
} from './paths.js';
export { RULE_MODELS, type RuleModel, type RuleOptions, ruleAttribution, ruleShares } from './rules.js';
