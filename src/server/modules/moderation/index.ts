// The moderation module's public surface: the lexical classifier, the school's actions, the model's second
// opinion and the output stream watcher.
export { CATEGORIES, categorySchema, type Category } from './categories.ts';
export { classify, type Classification, type ClassifyOptions, type ModerationMatch } from './classify.ts';
export { ACTIONS, DEFAULT_ACTIONS, decideAction, schoolActionsSchema, type ActionKey, type ModerationAction, type SchoolActions } from './actions.ts';
export {
  MODERATION_VERDICT_JSON_SCHEMA,
  buildModerationPrompt,
  moderationVerdictSchema,
  askSecondOpinion,
  askedCategories,
  parseModerationVerdict,
  resolveWithSecondOpinion,
  type ModerationVerdict,
  type ResolvedModeration,
  type SecondOpinion,
} from './second-opinion.ts';
export { createOutputWatcher, type OutputFlag, type OutputWatcher, type OutputWatcherOptions } from './output-watcher.ts';
