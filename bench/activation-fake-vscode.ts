// The source of a stand-in `vscode` module for the activation benchmark: just enough of the API for
// activate() to register its views, commands and providers outside an editor. Commands are kept and
// executeCommand runs them; every other registration succeeds and does nothing; settings return their
// defaults; the workspace is one folder on disk. Quick picks are recorded in __bench.quickPicks (how a
// command's answer is seen) and cancelled.
// Written to <variant>/node_modules/vscode/index.js so the bundle's require('vscode') finds it.

export const FAKE_VSCODE_SOURCE = String.raw`'use strict';
const path = require('path');
const { performance } = require('perf_hooks');
const disposable = () => ({ dispose() {} });
// Any other call returns an object whose every method returns another such object (and disposes).
function anything() {
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === 'dispose') return () => {};
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'event') return () => disposable();
      return anything();
    },
    apply() { return anything(); },
    construct() { return anything(); },
  });
}
class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (fn) => { this.listeners.add(fn); return { dispose: () => this.listeners.delete(fn) }; }; }
  fire(value) { for (const fn of [...this.listeners]) fn(value); }
  dispose() { this.listeners.clear(); }
}
class Disposable { constructor(fn) { this.fn = fn; } dispose() { this.fn && this.fn(); } static from(...items) { return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose())); } }
class Uri {
  constructor(scheme, fsPath, query = '') { this.scheme = scheme; this.fsPath = fsPath; this.path = fsPath; this.query = query; this.authority = ''; this.fragment = ''; }
  static file(p) { return new Uri('file', path.resolve(p)); }
  static parse(s) { const m = /^([a-z][\w+.-]*):(.*)$/i.exec(s); return m ? new Uri(m[1], decodeURIComponent(m[2].replace(/^\/\//, ''))) : Uri.file(s); }
  static from(c) { return new Uri(c.scheme, c.path || '', c.query || ''); }
  static joinPath(u, ...parts) { return new Uri(u.scheme, path.join(u.fsPath, ...parts)); }
  with(c) { return new Uri(c.scheme || this.scheme, c.path || this.fsPath, c.query || this.query); }
  toString() { return this.scheme + '://' + this.fsPath; }
  toJSON() { return this.toString(); }
}
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class TreeItem { constructor(label, state) { this.label = label; this.collapsibleState = state; } }
class MarkdownString { constructor(v = '') { this.value = v; } appendMarkdown(s) { this.value += s; return this; } appendText(s) { this.value += s; return this; } appendCodeblock(s) { this.value += s; return this; } }
class Position { constructor(line, character) { this.line = line; this.character = character; } }
class Range { constructor(a, b, c, d) { this.start = typeof a === 'number' ? new Position(a, b) : a; this.end = typeof a === 'number' ? new Position(c, d) : b; } }
class Diagnostic { constructor(range, message, severity) { this.range = range; this.message = message; this.severity = severity; } }
class RelativePattern { constructor(base, pattern) { this.base = base; this.pattern = pattern; } }
class CancellationTokenSource { constructor() { this.token = { isCancellationRequested: false, onCancellationRequested: () => disposable() }; } cancel() {} dispose() {} }
const enums = {
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  EndOfLine: { LF: 1, CRLF: 2 },
  FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
};
const commandHandlers = new Map();
const bench = { quickPicks: [] };
const configuration = () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => {} });
const folder = process.env.BIG_THREE_BENCH_WORKSPACE;
const log = () => ({ name: 'Big Three', logLevel: 3, onDidChangeLogLevel: () => disposable(), trace() {}, debug() {}, info() {}, warn() {}, error() {}, append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {} });
const statusBarItem = () => ({ text: '', tooltip: '', command: undefined, show() {}, hide() {}, dispose() {} });
const treeView = () => ({ visible: true, onDidChangeVisibility: () => disposable(), onDidChangeSelection: () => disposable(), onDidExpandElement: () => disposable(), onDidCollapseElement: () => disposable(), reveal: async () => {}, dispose() {}, message: '', title: '', description: '', badge: undefined });
module.exports = {
  ...enums,
  version: '1.139.1',
  EventEmitter, Disposable, Uri, ThemeIcon, ThemeColor, TreeItem, MarkdownString, Position, Range, Diagnostic, RelativePattern, CancellationTokenSource,
  Selection: Range, Location: class { constructor(uri, range) { this.uri = uri; this.range = range; } },
  WorkspaceEdit: class { constructor() { this.edits = []; } replace() {} insert() {} delete() {} createFile() {} set() {} entries() { return []; } get size() { return 0; } },
  env: { sessionId: 'bench-session', machineId: 'bench-machine', appName: 'bench', language: 'en', uiKind: 1, remoteName: undefined, clipboard: { readText: async () => '', writeText: async () => {} }, openExternal: async () => true, asExternalUri: async (u) => u },
  window: {
    createOutputChannel: log,
    createTreeView: treeView,
    registerTreeDataProvider: () => disposable(),
    registerWebviewViewProvider: () => disposable(),
    registerWebviewPanelSerializer: () => disposable(),
    registerUriHandler: () => disposable(),
    createStatusBarItem: statusBarItem,
    createTextEditorDecorationType: () => ({ key: 'd', dispose() {} }),
    showInformationMessage: async () => undefined, showWarningMessage: async () => undefined, showErrorMessage: async () => undefined,
    showQuickPick: async (items) => { const list = await items; bench.quickPicks.push({ at: performance.now(), items: Array.isArray(list) ? list.length : 0 }); return undefined; },
    // A quick pick that records its list when shown, then is dismissed (as showQuickPick above).
    createQuickPick: () => {
      const hide = new EventEmitter();
      const pick = { items: [], value: '', selectedItems: [], activeItems: [], onDidAccept: () => disposable(), onDidHide: hide.event, dispose() {},
        show() { bench.quickPicks.push({ at: performance.now(), items: pick.items.length }); setTimeout(() => hide.fire()); }, hide() { hide.fire(); } };
      return pick;
    },
    showInputBox: async () => undefined,
    setStatusBarMessage: () => disposable(),
    withProgress: async (_o, task) => task({ report() {} }, new CancellationTokenSource().token),
    onDidChangeActiveTextEditor: () => disposable(), onDidChangeVisibleTextEditors: () => disposable(), onDidChangeWindowState: () => disposable(),
    activeTextEditor: undefined, visibleTextEditors: [], tabGroups: { all: [], onDidChangeTabs: () => disposable() },
    state: { focused: true },
  },
  commands: {
    registerCommand: (id, fn) => { if (commandHandlers.has(id)) throw new Error('command ' + id + ' already exists'); commandHandlers.set(id, fn); return { dispose: () => commandHandlers.delete(id) }; },
    registerTextEditorCommand: () => disposable(),
    executeCommand: async (id, ...args) => (commandHandlers.has(id) ? commandHandlers.get(id)(...args) : undefined),
    getCommands: async () => [...commandHandlers.keys()],
  },
  workspace: {
    workspaceFolders: folder ? [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }] : undefined,
    name: folder ? path.basename(folder) : undefined,
    isTrusted: true,
    getConfiguration: configuration,
    onDidChangeConfiguration: () => disposable(), onDidChangeWorkspaceFolders: () => disposable(),
    onDidSaveTextDocument: () => disposable(), onDidChangeTextDocument: () => disposable(), onDidOpenTextDocument: () => disposable(), onDidCloseTextDocument: () => disposable(),
    onDidCreateFiles: () => disposable(), onDidDeleteFiles: () => disposable(), onDidRenameFiles: () => disposable(), onDidGrantWorkspaceTrust: () => disposable(),
    createFileSystemWatcher: () => ({ onDidCreate: () => disposable(), onDidChange: () => disposable(), onDidDelete: () => disposable(), dispose() {} }),
    registerTextDocumentContentProvider: () => disposable(),
    registerFileSystemProvider: () => disposable(),
    textDocuments: [],
    getWorkspaceFolder: () => undefined,
    asRelativePath: (p) => String(p && p.fsPath || p),
    fs: anything(),
    applyEdit: async () => true,
    openTextDocument: async () => anything(),
    findFiles: async () => [],
  },
  languages: { createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {}, forEach() {}, get: () => [] }), registerCodeLensProvider: () => disposable(), registerHoverProvider: () => disposable(), setTextDocumentLanguage: async (d) => d, getDiagnostics: () => [] },
  extensions: { getExtension: () => undefined, all: [], onDidChange: () => disposable() },
  lm: undefined,
  l10n: { t: (s) => s },
  __bench: bench,
};
`;
