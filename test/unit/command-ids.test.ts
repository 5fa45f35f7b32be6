import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMANDS, INTERNAL_COMMANDS, VIEWS, focusCommand } from '../../src/views/command-ids';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    menus: Record<string, Array<{ command: string }>>;
    keybindings: Array<{ command: string }>;
    viewsWelcome: Array<{ view: string; contents: string }>;
    walkthroughs: Array<{ steps: Array<{ description: string; completionEvents?: string[] }> }>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const sorted = (values: Iterable<string>) => [...values].sort();

describe('command and view ids (src/views/command-ids.ts)', () => {
  it('COMMANDS are exactly the commands contributed in package.json', () => {
    assert.deepStrictEqual(sorted(Object.values(COMMANDS)), sorted(manifest.contributes.commands.map((c) => c.command)));
  });

  it('internal commands are not contributed', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const id of Object.values(INTERNAL_COMMANDS)) assert.ok(!contributed.has(id), id);
  });

  it('VIEWS are exactly the views contributed in package.json', () => {
    assert.deepStrictEqual(sorted(Object.values(VIEWS)), sorted(Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => v.id))));
  });

  it('menus, keybindings, welcome content and the walkthrough name only known commands and views', () => {
    const commands = new Set<string>([...Object.values(COMMANDS), ...Object.values(VIEWS).map(focusCommand)]);
    const views = new Set<string>(Object.values(VIEWS));
    const { menus, keybindings, viewsWelcome, walkthroughs } = manifest.contributes;
    const named = [
      ...Object.values(menus).flatMap((items) => items.map((item) => item.command)),
      ...keybindings.map((k) => k.command),
      ...[...viewsWelcome.map((w) => w.contents), ...walkthroughs.flatMap((w) => w.steps.map((s) => s.description))].flatMap((text) =>
        [...text.matchAll(/\(command:(bigThree\.[\w.]+)/g)].map((m) => m[1]!),
      ),
      ...walkthroughs.flatMap((w) => w.steps.flatMap((s) => s.completionEvents ?? [])).map((event) => event.replace(/^onCommand:/, '')),
    ];
    assert.deepStrictEqual(
      named.filter((id) => !commands.has(id)),
      [],
    );
    assert.deepStrictEqual(
      viewsWelcome.map((w) => w.view).filter((id) => !views.has(id)),
      [],
    );
    const menuViews = Object.values(menus).flatMap((items) =>
      items.flatMap((item) => [...JSON.stringify(item).matchAll(/view == ([\w.]+)/g)].map((m) => m[1]!)),
    );
    assert.deepStrictEqual(
      menuViews.filter((id) => !views.has(id)),
      [],
    );
  });

  it('focusCommand names the view focus command', () => {
    assert.strictEqual(focusCommand(VIEWS.voice), 'bigThree.voice.focus');
  });
});
