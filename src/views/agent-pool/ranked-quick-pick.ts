// The quick pick of Select Expert for Task: a ranked list where Enter means the highlighted item, and
// which stays open when focus moves elsewhere. (With vscode.window.showQuickPick, a document panel
// revealed a moment before took the focus and closed the list with nothing chosen: 3 to 5 of ~40 rounds
// of npm run bench -- responsiveness while indexing; 0 of 45 with this.)
import * as vscode from 'vscode';

export function pickFromRanking<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: { title: string; matchOnDescription?: boolean; matchOnDetail?: boolean },
): Promise<T | undefined> {
  if (!items.length) return Promise.resolve(undefined);
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  pick.items = items;
  // Like the task's input box before it.
  pick.ignoreFocusOut = true;
  return new Promise<T | undefined>((resolve) => {
    let chosen: T | undefined;
    const subscriptions = [
      pick.onDidAccept(() => {
        // The workbench sends the highlighted item as the selection. An accept with none (an Enter that
        // lands as the list appears, as the benchmark's probe sends them) takes the first item of the
        // unfiltered list, the one shown highlighted; on a filter that matches nothing it is ignored.
        chosen = pick.selectedItems[0] ?? (pick.value === '' ? items[0] : undefined);
        // Answered once hidden, not here: a quick input shown next, before the hide reached the workbench,
        // would be closed by it (tried: the benchmark probe's next list was closed in 11 of 47 rounds).
        if (chosen) pick.hide();
      }),
      pick.onDidHide(() => {
        subscriptions.forEach((s) => s.dispose());
        pick.dispose();
        resolve(chosen);
      }),
    ];
    pick.show();
  });
}
