// Everyday English words that are not stop words but say little about which discipline a request
// belongs to ("customers keep asking", "start to finish", "the whole thing"). A definition that happens
// to use one (a writer's "explain to customers", a designer's "users") should not win a task on it, so
// task words in this list weigh less in expert selection. The list is general vocabulary, written from
// no evaluation set; words with a technical sense in software work (build, run, test, page, report,
// release, review, design, data), or whose stem one has (manager/management, client, go, sort, mean,
// put, case, big, real, left/right, kind, question/answering, fact, many), are deliberately not in it.
import { stem } from './text-normalize';

const WORDS =
  'customer customers user users people person someone somebody everyone everybody anyone nobody ' +
  'team teams boss lead colleague colleagues company companies folks guy guys ' +
  'thing things stuff way ways time times day days week weeks month months year years today yesterday tomorrow ' +
  'morning evening night nights hour hours minute minutes moment place part parts lot lots ' +
  'point idea world life home word words ' +
  'keep keeps kept ask asks asked asking start starts started starting finish finished try tries tried trying ' +
  'tell tells told know knows knew think thinks thought see sees saw seen look looks looked looking ' +
  ' come comes came coming say says said seem seems seemed feel feels felt ' +
  ' happen happens happened happening hold holds held bring brings brought turn turns turned ' +
  ' give gives gave given take takes took taken find finds found leave leaves wait waits waited ' +
  'like likes liked love loves loved hate hates hope hopes wish wishes ' +
  'new old good bad small little whole same different other another last next actual actually ' +
  'sure simple easy hard able much few several lot enough really quite always never often sometimes ' +
  'already still even yet almost maybe probably basically somehow anything something everything nothing ' +
  'option options able probably instead wrong';

let everyday: ReadonlySet<string> | undefined;

/** Whether a normalized (stemmed) term is an everyday word. */
export function isEverydayTerm(term: string): boolean {
  everyday ??= new Set(WORDS.split(/\s+/).map((w) => stem(w)));
  return everyday.has(term);
}
