// The parts of a command's word that may name files, for the check that paths stay inside the workspace
// (pathCandidates) and for the check of where symbolic links lead (fileNames).

/**
 * Parts of a word that name files: the word, an option's value (--out=X, -oX), a dd-style key=X, and
 * each item of a comma-separated list (tsc --typeRoots a,/elsewhere).
 */
export function pathCandidates(word: string): string[] {
  const out: string[] = [];
  const add = (whole: string) => {
    for (const c of whole.includes(',') ? [whole, ...whole.split(',')] : [whole])
      if (c && (c.startsWith('/') || c.startsWith('~') || c.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(c) || c.split(/[\\/]/).includes('..'))) out.push(c);
  };
  if (word.startsWith('-')) {
    const eq = word.indexOf('=');
    if (eq > 0) add(word.slice(eq + 1));
    // A cluster of short options ends with one that takes the rest as its value (`-RO/etc/shadow` is
    // -R -O /etc/shadow): every place the value may start is a candidate.
    else if (!word.startsWith('--')) for (let k = 2; k < word.length; k++) add(word.slice(k));
  } else {
    add(word);
    const eq = word.indexOf('=');
    if (eq > 0) add(word.slice(eq + 1));
    const colon = word.indexOf(':');
    if (colon > 0 && !word.includes('://')) add(word.slice(colon + 1));
  }
  return out;
}

/** Words that may name a file: the word itself, an option's value (--out=X, -oX). */
export function fileNames(word: string): string[] {
  if (!word || word.length > 4096) return [];
  // Each item of a comma-separated list names a file too (tsc --typeRoots a,link: stop 30's red team).
  const withItems = (names: string[]) => names.flatMap((n) => (n.includes(',') ? [n, ...n.split(',').filter(Boolean)] : [n]));
  if (word.startsWith('-')) {
    // The word itself too: after `--` (or for a program that reads it so) `-x` is a file, which may be a
    // link leading out of the workspace (twelfth red team: `ls -laH -- -x` listed ~/.ssh).
    const eq = word.indexOf('=');
    if (eq > 0) return withItems([word, word.slice(eq + 1)].filter(Boolean));
    return withItems(word.startsWith('--') || word.length <= 2 ? [word] : [word, word.slice(2)]);
  }
  return withItems([word]);
}
