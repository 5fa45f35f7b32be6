// The quick pick of Select Expert for Task: a ranked list where Enter means the highlighted item, and
// which stays open when focus moves elsewhere. (With vscode.window.showQuickPick, a document panel
// revealed a moment before took the focus and closed the list with nothing chosen: 3 to 5 of ~40 rounds
// of npm run bench -- responsiveness while indexing; 0 of 45 with this.)
import * as vscode from 'vscode';

export function pickFromRanking<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: { title: string; matchOnDescription?: boolean; matchOnDetail?: boolean },
): Promise<T | undefined> {
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
        // Enter with nothing highlighted: on the unfiltered list it means the first item (highlighted by
        // default); on a filter that matches nothing it is ignored and the list stays open.
        chosen = pick.selectedItems[0] ?? pick.activeItems[0] ?? (pick.value === '' ? items[0] : undefined);
        // Answered once hidden, not here: a quick input shown by the caller before the hide reached the
        // workbench would be closed by it (seen in the benchmark: 11 of 47 of the probe's next pick).
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
