// Every command and view id of the extension, in one place for src/ and the tests. The contributed ones must
// match package.json (contributes.commands / contributes.views), which test/unit/command-ids.test.ts checks.

/** Commands contributed in package.json (Command Palette, menus, walkthrough). */
export const COMMANDS = {
  selectExpert: 'bigThree.selectExpert',
  showPoolStats: 'bigThree.showPoolStats',
  reloadPool: 'bigThree.reloadPool',
  openExpertDefinition: 'bigThree.openExpertDefinition',
  acquireExpert: 'bigThree.acquireExpert',
  releaseInstance: 'bigThree.releaseInstance',
  terminateInstance: 'bigThree.terminateInstance',
  showDiagnostics: 'bigThree.showDiagnostics',
  recordOutcome: 'bigThree.recordOutcome',
  verifyAuditLog: 'bigThree.verifyAuditLog',
  managePermissions: 'bigThree.managePermissions',
  setApiKey: 'bigThree.setApiKey',
  clearApiKey: 'bigThree.clearApiKey',
  filterAuditLog: 'bigThree.filterAuditLog',
  clearAuditFilter: 'bigThree.clearAuditFilter',
  showAuditEvent: 'bigThree.showAuditEvent',
  planWorkflow: 'bigThree.planWorkflow',
  runWorkflow: 'bigThree.runWorkflow',
  showRecentWorkflows: 'bigThree.showRecentWorkflows',
  refreshActivity: 'bigThree.refreshActivity',
  showEvent: 'bigThree.showEvent',
  indexWorkspace: 'bigThree.indexWorkspace',
  searchCode: 'bigThree.searchCode',
  askWithContext: 'bigThree.askWithContext',
  downloadEmbeddingModel: 'bigThree.downloadEmbeddingModel',
  voiceStart: 'bigThree.voice.start',
  voiceStop: 'bigThree.voice.stop',
  voiceToggleTalk: 'bigThree.voice.toggleTalk',
  voiceSendText: 'bigThree.voice.sendText',
  delegateToClaude: 'bigThree.delegateToClaude',
  delegateToGemini: 'bigThree.delegateToGemini',
  showDelegatedTasks: 'bigThree.showDelegatedTasks',
} as const;

/** Commands registered for tree items and tests but not contributed (not in the Command Palette). */
export const INTERNAL_COMMANDS = {
  showPlan: 'bigThree.showPlan',
} as const;

/** Views contributed in package.json (contributes.views). */
export const VIEWS = {
  agentPool: 'bigThree.agentPool',
  activity: 'bigThree.activity',
  learning: 'bigThree.learning',
  auditLog: 'bigThree.auditLog',
  voice: 'bigThree.voice',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS] | (typeof INTERNAL_COMMANDS)[keyof typeof INTERNAL_COMMANDS];
export type ViewId = (typeof VIEWS)[keyof typeof VIEWS];

/** The command VS Code registers for every view: reveals and focuses it. */
export function focusCommand(view: ViewId): `${ViewId}.focus` {
  return `${view}.focus`;
}
