// The short diff shown when an edit needs approval (the replacement itself is in ../edits/edit-service.ts).

/** A compact, line-based preview: the replaced lines with "-" and the new ones with "+". */
export function replacementPreview(file: string, oldText: string, newText: string, maxLines = 40): string {
  const cut = (lines: string[], mark: string) => {
    const shown = lines.slice(0, maxLines).map((l) => `${mark} ${l}`);
    if (lines.length > maxLines) shown.push(`${mark} … (${lines.length - maxLines} more lines)`);
    return shown;
  };
  return [`--- ${file}`, `+++ ${file} (proposed)`, ...cut(oldText.split('\n'), '-'), ...cut(newText.split('\n'), '+')].join('\n');
}

export function creationPreview(file: string, content: string, maxLines = 40): string {
  const lines = content.split('\n');
  return [
    `+++ ${file} (new file, ${lines.length} lines)`,
    ...lines.slice(0, maxLines).map((l) => `+ ${l}`),
    ...(lines.length > maxLines ? [`+ … (${lines.length - maxLines} more lines)`] : []),
  ].join('\n');
}

/** Text files only: a NUL byte in the first 8 KB marks a binary file. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}
