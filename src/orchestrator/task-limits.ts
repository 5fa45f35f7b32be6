// The longest task, goal or delegated job in plain words that any surface takes (selection, delegation, the
// tools' limits): one figure, so a task one part accepts is never refused by the next.
export const MAX_TASK_CHARS = 20_000;
