// The voice panel's page: a strict CSP (only the bundled script with this render's nonce, only
// inline styles with the nonce), the controls, the transcript and the agent activity feed.
import { webviewPage } from '../webview-page';

export function voicePage(scriptUri: string, cspSource: string, nonce: string): string {
  return webviewPage({
    scriptUri,
    cspSource,
    nonce,
    csp: [`font-src ${cspSource}`],
    title: 'Big Three Voice',
    style: `  body { padding: 0 8px 8px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; margin: 0; }
  header { display: flex; align-items: center; gap: 6px; padding: 6px 0; flex-wrap: wrap; }
  .pill { padding: 1px 8px; border-radius: 10px; font-size: 0.85em; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .pill.ready { background: var(--vscode-testing-iconPassed, #388a34); color: #fff; }
  .pill.failed { background: var(--vscode-errorForeground, #c72e0f); color: #fff; }
  .pill.connecting, .pill.reconnecting { background: var(--vscode-editorWarning-foreground, #bf8803); color: #000; }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; cursor: pointer; border-radius: 2px; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button:disabled { opacity: 0.5; cursor: default; }
  button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
  #talk.on { background: var(--vscode-errorForeground, #c72e0f); color: #fff; }
  #usage { margin-left: auto; opacity: 0.8; font-size: 0.85em; }
  h3 { font-size: 0.8em; text-transform: uppercase; opacity: 0.7; margin: 8px 0 4px; }
  #transcript { flex: 3; overflow-y: auto; border: 1px solid var(--vscode-panel-border, #444); padding: 4px; min-height: 80px; }
  #feed { flex: 2; overflow-y: auto; border: 1px solid var(--vscode-panel-border, #444); padding: 4px; min-height: 60px; font-size: 0.9em; }
  .line { margin: 3px 0; white-space: pre-wrap; word-break: break-word; }
  .line .who { font-weight: bold; margin-right: 4px; }
  .line.user .who { color: var(--vscode-textLink-foreground); }
  .line.assistant .who { color: var(--vscode-charts-green, #89d185); }
  .line.partial { opacity: 0.7; }
  .feed.error { color: var(--vscode-errorForeground); }
  .feed.tool { color: var(--vscode-charts-blue, #75beff); }
  .feed.task { color: var(--vscode-charts-purple, #b180d7); }
  .feed time { opacity: 0.6; margin-right: 4px; }
  form { display: flex; gap: 4px; margin-top: 6px; }
  input[type=text] { flex: 1; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 4px; }
  #hint { font-size: 0.85em; opacity: 0.75; margin-top: 4px; }
  /* Which keys are missing, said before Start (filled from the host's "keys" message). */
  #keys { display: none; align-items: center; gap: 8px; flex-wrap: wrap; margin: 4px 0; padding: 4px 8px; border-left: 3px solid var(--vscode-editorWarning-foreground, #bf8803); background: var(--vscode-textBlockQuote-background, transparent); }
  #keys.shown { display: flex; }
  #keys-delegates { font-size: 0.85em; opacity: 0.8; flex-basis: 100%; }
  #keys-delegates:empty { display: none; }
  /* What works before Start, shown until the first line of a conversation arrives. */
  #transcript:empty::before { display: block; opacity: 0.75; white-space: pre-line; content: "Press Start, then talk (Hold to talk, or Ctrl+Alt+V / Cmd+Alt+V) or type below. Starting needs an OpenAI key: run “Big Three: Set API Key” and choose OpenAI. Delegating work also needs an Anthropic key (coding) or a Gemini key (browser).\\A Without a session, experts, code search, planning and the audit log still work from the command palette."; }`,
    body: `<header>
  <span id="state" class="pill" role="status" aria-live="polite">idle</span>
  <button id="start" type="button">Start</button>
  <button id="stop" type="button" class="secondary" disabled>Stop</button>
  <button id="talk" type="button" disabled aria-pressed="false" title="Hold to talk (or hold Space while focused)">Hold to talk</button>
  <span id="usage" title="Tokens and estimated cost of this session"></span>
</header>
<div id="keys" role="note" aria-live="polite"><span id="keys-text"></span><button id="set-key" type="button">Set API Key</button><span id="keys-delegates"></span></div>
<h3>Conversation</h3>
<div id="transcript" aria-live="polite" aria-label="Conversation transcript"></div>
<h3>Agent activity</h3>
<div id="feed" aria-label="Agent activity feed"></div>
<form id="typed">
  <input id="text" type="text" maxlength="8000" placeholder="Type a request (after Start)" aria-label="Typed request">
  <button id="send" type="submit">Send</button>
</form>
<div id="hint"></div>`,
  });
}
