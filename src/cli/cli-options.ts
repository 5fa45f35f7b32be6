// The options the argument parser knows (values and flags), apart from the help text so that parsing
// a command line does not load every command's help (and what those modules import).
export const VALUE_OPTIONS = new Set(['multiple', 'min-score', 'file', 'workspace', 'agents', 'data-dir', 'agent', 'result', 'token', 'role', 'days', 'type', 'user', 'severity', 'since', 'limit', 'strategy', 'model', 'expert', 'mode', 'epochs', 'split', 'seed', 'feedback', 'noise', 'preferred', 'wav', 'timeout', 'hub']);
export const FLAG_OPTIONS = new Set(['json', 'explain', 'verbose', 'help', 'misses', 'version', 'history', 'success', 'failure', 'run', 'yes']);
