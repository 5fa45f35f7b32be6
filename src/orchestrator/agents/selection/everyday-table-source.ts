// How the everyday tables (everyday-concepts.ts, everyday-entities.ts) become the lookup selection uses:
// each cue word as tokenize() writes it -> its domain words stemmed as definitions are. Tokenizing and
// stemming 2,300 cue words and 1,200 domain lists took 100–140 ms at a process's first selection, so the
// table is made at build time (everyday-table.generated.ts, by scripts/generate-synonym-tables.js, parsed
// on first use); a unit test checks the generated file matches everydayTableEntries(). The running
// application imports only the generated file.
import { EVERYDAY_CONCEPTS } from './everyday-concepts';
import { EVERYDAY_ENTITIES } from './everyday-entities';
import { terms, tokenize } from '../../text/text-normalize';

/** [cue word, domain terms] pairs, sorted by cue. */
export function everydayTableEntries(): Array<[string, string[]]> {
  const map = new Map<string, string[]>();
  for (const [cues, concepts] of [...EVERYDAY_CONCEPTS, ...EVERYDAY_ENTITIES]) {
    const targets = [...new Set(terms(concepts))];
    for (const cue of cues.split(' ')) {
      const [word] = tokenize(cue);
      if (!word) continue;
      const list = map.get(word) ?? [];
      for (const t of targets) if (!list.includes(t)) list.push(t);
      map.set(word, list);
    }
  }
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
