// Loading expert definitions: the shipped pool, hostile files, precedence between the builtin pool,
// Claude Code subagents and workspace experts, and reloading. Real files in temp folders.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import matter from 'gray-matter';
import { NodeFileSystem } from '../../src/adapters/node-file-system';
import { nodeRealPath } from '../../src/adapters/node-real-path';
import { AgentCore, createAgentCore, definitionSources } from '../../src/orchestrator/agents/agent-core';
import { CatalogSnapshot, ExpertCatalog } from '../../src/orchestrator/agents/expert-catalog';
import { DefinitionDiagnostic, EXPERT_TOOLS, ExpertTool } from '../../src/orchestrator/agents/expert-definition';
import { silentLogger } from '../../src/orchestrator/ports';
import { FakeClock } from '../fakes/fake-clock';

const AGENTPOOL = path.resolve(__dirname, '..', '..', '..', 'agentpool');

/** The roster of shipped experts: id -> [tier, category]. */
const ROSTER: Record<string, [1 | 2 | 3, string]> = {
  'backend-architect': [1, 'architecture'],
  'frontend-developer': [1, 'frontend'],
  'fullstack-developer': [1, 'development'],
  'data-engineer': [1, 'data'],
  'qa-expert': [1, 'quality'],
  'security-engineer': [1, 'security'],
  'devops-engineer': [1, 'infrastructure'],
  'code-reviewer': [1, 'quality'],
  'database-administrator': [2, 'data'],
  'mobile-developer': [2, 'mobile'],
  'ml-engineer': [2, 'ai'],
  'performance-engineer': [2, 'performance'],
  'cloud-architect': [2, 'infrastructure'],
  'technical-writer': [2, 'documentation'],
  'ui-ux-designer': [2, 'design'],
  debugger: [2, 'quality'],
  'refactoring-specialist': [2, 'quality'],
  'sre-engineer': [2, 'operations'],
  'data-scientist': [3, 'data'],
  'llm-engineer': [3, 'ai'],
  'blockchain-developer': [3, 'domain'],
  'game-developer': [3, 'domain'],
  'embedded-engineer': [3, 'domain'],
  'compliance-auditor': [3, 'security'],
};

const TIER_FOLDERS = { 1: 'tier1-core', 2: 'tier2-specialists', 3: 'tier3-domain' } as const;

/** A valid definition in the shape of agentpool/tier1-core/backend-architect.md. */
function definitionText(id: string, options: { tier?: 1 | 2 | 3; category?: string; description?: string } = {}): string {
  return [
    '---',
    `name: ${id}`,
    `description: ${options.description ?? `Handles ${id} work - contracts, services and reviews.`}`,
    `tier: ${options.tier ?? 1}`,
    `category: ${options.category ?? 'architecture'}`,
    'triggers:',
    `  - ${id}`,
    '  - service contract',
    'focus_areas:',
    '  - api design',
    'tools: [read_file, write_file, search_code]',
    '---',
    `# ${id}`,
    '',
    '## Role',
    `Owns ${id} work.`,
    '',
    '## System Prompt',
    `You are the ${id} expert. State the contract first.`,
    '',
    '## Guidelines',
    '- Keep changes small.',
    '',
  ].join('\n');
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bt-'));
}

function write(file: string, content: string | Uint8Array): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function describeAll(diagnostics: readonly DefinitionDiagnostic[]): string {
  return JSON.stringify(diagnostics, null, 1);
}

function loadFolder(root: string): ExpertCatalog {
  return new ExpertCatalog(new NodeFileSystem(), silentLogger, [{ root, origin: 'builtin' }]);
}

describe('definition loading', () => {
  describe('the shipped agentpool', () => {
    let catalog: ExpertCatalog;

    before(async () => {
      assert.ok(fs.statSync(AGENTPOOL).isDirectory(), `${AGENTPOOL} must exist`);
      catalog = loadFolder(AGENTPOOL);
      await catalog.reload();
    });

    it('loads 24 experts with no error or warning diagnostics', () => {
      const problems = catalog.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepStrictEqual(problems, [], describeAll(problems));
      assert.strictEqual(catalog.experts.length, 24);
    });

    it('has exactly the roster ids', () => {
      assert.deepStrictEqual([...catalog.ids].sort(), Object.keys(ROSTER).sort());
    });

    it('gives every expert its roster tier and category, from the matching tier folder', () => {
      for (const expert of catalog.experts) {
        const [tier, category] = ROSTER[expert.id]!;
        assert.strictEqual(expert.tier, tier, `${expert.id} tier`);
        assert.strictEqual(expert.category, category, `${expert.id} category`);
        assert.strictEqual(expert.origin, 'builtin');
        assert.strictEqual(expert.file, path.join(AGENTPOOL, TIER_FOLDERS[tier], `${expert.id}.md`));
        assert.strictEqual(expert.overrides, undefined);
      }
    });

    it('gives every expert triggers, known tools and all three body sections', () => {
      for (const expert of catalog.experts) {
        assert.ok(expert.triggers.length > 0, `${expert.id} has no triggers`);
        assert.ok(expert.focusAreas.length > 0, `${expert.id} has no focus areas`);
        assert.ok(expert.tools.length > 0 && expert.tools.every((t) => (EXPERT_TOOLS as readonly string[]).includes(t)), `${expert.id} tools ${expert.tools}`);
        assert.ok(expert.role.length > 20, `${expert.id} role`);
        assert.ok(expert.systemPrompt.length > 50, `${expert.id} system prompt`);
        assert.ok(expert.guidelines.length > 20, `${expert.id} guidelines`);
      }
    });

    it('orders experts by tier, then id', () => {
      const tiers = catalog.experts.map((e) => e.tier);
      assert.deepStrictEqual(tiers, [...tiers].sort());
      assert.deepStrictEqual(catalog.ids.slice(0, 3), ['backend-architect', 'code-reviewer', 'data-engineer']);
      assert.strictEqual(catalog.ids.at(-1), 'llm-engineer');
    });
  });

  describe('hostile definitions', () => {
    let root: string;
    let catalog: ExpertCatalog;
    const files: Record<string, string> = {};
    const JS_GLOBAL = '__bigThreeJsFrontMatterRan';
    const jsVariants = ['---js', '---javascript', '---JS', '--- js', '---coffee'];

    function jsFrontMatter(opening: string, id: string): string {
      return [
        opening,
        `(globalThis.${JS_GLOBAL} = true, { name: '${id}', description: 'Runs code.', tier: 1, category: 'architecture',`,
        `  triggers: ['x'], focus_areas: ['x'], tools: ['read_file'] })`,
        '---',
        '# JS',
        '',
        '## Role',
        'r',
        '## System Prompt',
        's',
        '## Guidelines',
        'g',
        '',
      ].join('\n');
    }

    before(async () => {
      root = tempDir();
      delete (globalThis as Record<string, unknown>)[JS_GLOBAL];
      const at = (name: string, content: string | Uint8Array) => (files[name] = write(path.join(root, name), content));
      at('valid-one.md', definitionText('valid-one'));
      at('valid-two.md', definitionText('valid-two', { tier: 2, category: 'quality' }));
      at(
        'broken-yaml.md',
        ['---', 'name: broken-yaml', 'description: Broken.', 'tier: 1', '  category: oops', 'triggers: [a]', '---', '## Role', 'x', ''].join('\n'),
      );
      at('missing-fields.md', '---\nname: missing-fields\n---\n## Role\nr\n## System Prompt\ns\n## Guidelines\ng\n');
      at('tier-word.md', definitionText('tier-word').replace('tier: 1', 'tier: "one"'));
      at('tier-four.md', definitionText('tier-four').replace('tier: 1', 'tier: 4'));
      at('triggers-string.md', definitionText('triggers-string').replace(/triggers:\n(?: {2}- .*\n)+/, 'triggers: backend\n'));
      at('unknown-tool.md', definitionText('unknown-tool').replace('tools: [read_file, write_file, search_code]', 'tools: [read_file, teleport]'));
      at('bad-name.md', definitionText('bad-name').replace('name: bad-name', 'name: Bad_Name'));
      at(path.join('a', 'dup-expert.md'), definitionText('dup-expert', { description: 'The first duplicate.' }));
      at(path.join('b', 'dup-expert.md'), definitionText('dup-expert', { description: 'The second duplicate.' }));
      const huge = definitionText('huge-expert') + 'padding '.repeat((5 * 1024 * 1024) / 8);
      at('huge-expert.md', huge.slice(0, 5 * 1024 * 1024));
      const noise = randomBytes(4096);
      noise[17] = 0;
      noise[2048] = 0;
      at('binary-expert.md', Buffer.concat([Buffer.from(definitionText('binary-expert')), noise]));
      at('bad-utf8.md', Buffer.concat([Buffer.from(definitionText('bad-utf8')), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0a])]));
      at('no-front-matter.md', '# No Front Matter\n\n## Role\nSomething.\n\n## System Prompt\nDo it.\n');
      at('empty-body.md', definitionText('empty-body').replace(/\n---\n[\s\S]*$/, '\n---\n'));
      jsVariants.forEach((opening, i) => at(`js-front-matter-${i}.md`, jsFrontMatter(opening, `js-front-matter-${i}`)));
      assert.strictEqual(fs.statSync(files['huge-expert.md']!).size, 5 * 1024 * 1024);

      catalog = loadFolder(root);
      await catalog.reload();
    });

    after(() => {
      delete (globalThis as Record<string, unknown>)[JS_GLOBAL];
      fs.rmSync(root, { recursive: true, force: true });
    });

    function errorsFor(name: string): DefinitionDiagnostic[] {
      return catalog.diagnostics.filter((d) => d.file === files[name] && d.severity === 'error');
    }

    function expectError(name: string, pattern: RegExp): DefinitionDiagnostic {
      const errors = errorsFor(name);
      const match = errors.find((d) => pattern.test(d.message));
      assert.ok(match, `${name}: no error matching ${pattern} in ${describeAll(catalog.diagnostics.filter((d) => d.file === files[name]))}`);
      return match;
    }

    it('still loads the valid definitions in the same folder, and nothing else', () => {
      assert.deepStrictEqual(catalog.ids, ['dup-expert', 'valid-one', 'valid-two']);
      for (const name of ['valid-one.md', 'valid-two.md']) {
        assert.deepStrictEqual(
          catalog.diagnostics.filter((d) => d.file === files[name]),
          [],
          `${name} must load cleanly`,
        );
      }
      assert.strictEqual(catalog.get('valid-two').tier, 2);
    });

    it('every hostile file has at least one error naming that file', () => {
      const hostile = Object.keys(files).filter((name) => !name.startsWith('valid-') && name !== path.join('a', 'dup-expert.md'));
      assert.strictEqual(hostile.length, 18);
      for (const name of hostile) assert.ok(errorsFor(name).length > 0, `${name} produced no error`);
    });

    it('broken YAML: an error with the reason and a line number', () => {
      const d = expectError('broken-yaml.md', /front matter is not valid YAML: bad indentation of a mapping entry/);
      assert.strictEqual(typeof d.line, 'number');
    });

    it('reports a YAML error on the offending line of the file (5), not the one after it', () => {
      // Line 5 of broken-yaml.md is "  category: oops". gray-matter's `matter` block starts with the
      // newline that ends the opening "---", so js-yaml's 0-based mark.line already counts that
      // line: the file line is mark.line + 1, but parseDefinition reports mark.line + 2.
      const d = expectError('broken-yaml.md', /not valid YAML/);
      assert.strictEqual(d.line, 5);
    });

    it('missing fields: one error per missing required field', () => {
      for (const field of ['description', 'tier', 'category', 'triggers', 'focus_areas', 'tools']) {
        expectError('missing-fields.md', new RegExp(`missing required field "${field}"`));
      }
    });

    it('wrong types: tier "one", tier 4 and triggers that are not a list', () => {
      expectError('tier-word.md', /"tier" must be 1, 2 or 3, got "one"/);
      expectError('tier-four.md', /"tier" must be 1, 2 or 3, got number 4/);
      expectError('triggers-string.md', /"triggers" must be a list of strings, got "backend"/);
    });

    it('an unknown tool is named, with the known tools', () => {
      const d = expectError('unknown-tool.md', /unknown tool "teleport"/);
      assert.ok(d.message.includes(EXPERT_TOOLS.join(', ')), d.message);
    });

    it('a name that is not kebab-case is refused', () => {
      expectError('bad-name.md', /"name" must be a kebab-case id .*got "Bad_Name"/);
      assert.strictEqual(catalog.find('Bad_Name'), undefined);
    });

    it('a duplicate id in the same folder: the second file is skipped and the message names the first', () => {
      const first = files[path.join('a', 'dup-expert.md')]!;
      const d = expectError(path.join('b', 'dup-expert.md'), /duplicate expert id "dup-expert"/);
      assert.ok(d.message.includes(first), d.message);
      assert.strictEqual(catalog.get('dup-expert').file, first);
      assert.strictEqual(catalog.get('dup-expert').description, 'The first duplicate.');
      assert.deepStrictEqual(
        catalog.diagnostics.filter((x) => x.file === first),
        [],
      );
    });

    it('a 5 MB file is skipped for its size', () => {
      expectError('huge-expert.md', /5\.0 MB, over the 256 KB limit/);
      assert.strictEqual(catalog.find('huge-expert'), undefined);
    });

    it('a binary file (NUL bytes) is skipped', () => {
      expectError('binary-expert.md', /binary \(contains NUL bytes\)/);
      assert.strictEqual(catalog.find('binary-expert'), undefined);
    });

    it('invalid UTF-8 is skipped', () => {
      expectError('bad-utf8.md', /not valid UTF-8/);
      assert.strictEqual(catalog.find('bad-utf8'), undefined);
    });

    it('a file without front matter is refused', () => {
      expectError('no-front-matter.md', /no front matter/);
    });

    it('an empty body is refused', () => {
      expectError('empty-body.md', /the body is empty/);
      assert.strictEqual(catalog.find('empty-body'), undefined);
    });

    it('the js payload really runs under gray-matter defaults (self-check of the next test)', () => {
      const CONTROL = '__bigThreeJsControl';
      const text = jsFrontMatter('---js', 'control').replace(JS_GLOBAL, CONTROL);
      try {
        const parsed = matter(text, { engines: {} });
        assert.strictEqual((globalThis as Record<string, unknown>)[CONTROL], true);
        assert.strictEqual((parsed.data as { name?: string }).name, 'control');
      } finally {
        delete (globalThis as Record<string, unknown>)[CONTROL];
      }
    });

    it('code front matter (---js, ---javascript, ---JS, --- js, ---coffee) is refused and never executed', () => {
      jsVariants.forEach((opening, i) => {
        expectError(`js-front-matter-${i}.md`, /programming language is not allowed/);
        assert.strictEqual(catalog.find(`js-front-matter-${i}`), undefined, opening);
      });
      assert.strictEqual((globalThis as Record<string, unknown>)[JS_GLOBAL], undefined, 'the front matter code ran');
    });
  });

  describe('precedence: builtin < claude < workspace', () => {
    let workspace: string;
    let core: AgentCore | undefined;
    const builtinBackend = path.join(AGENTPOOL, 'tier1-core', 'backend-architect.md');

    beforeEach(() => {
      workspace = tempDir();
      core = undefined;
    });

    afterEach(() => {
      core?.dispose();
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    async function load(): Promise<ExpertCatalog> {
      core = await createAgentCore({
        fs: new NodeFileSystem(),
        clock: new FakeClock(),
        logger: silentLogger,
        builtinAgentsDir: AGENTPOOL,
        workspaceFolders: [workspace],
        realPath: nodeRealPath,
      });
      return core.catalog;
    }

    const claudeSubagent = [
      '---',
      'name: github-triager',
      'description: Triages GitHub issues and pull requests, labels them and finds duplicate reports.',
      'tools: Read, Grep, Bash, mcp__github',
      'model: opus',
      '---',
      'You are a triage assistant for this repository.',
      'Read new issues, label them and link duplicates.',
      '',
    ].join('\n');

    it('definitionSources lists builtin, then .claude/agents, then .big-three/agents', () => {
      assert.deepStrictEqual(definitionSources('/pool', ['/ws']), [
        { root: '/pool', origin: 'builtin' },
        { root: path.join('/ws', '.claude', 'agents'), origin: 'claude', within: '/ws' },
        { root: path.join('/ws', '.big-three', 'agents'), origin: 'workspace', within: '/ws' },
      ]);
    });

    it('a workspace .big-three/agents definition overrides the builtin one, with an info diagnostic', async () => {
      const file = write(
        path.join(workspace, '.big-three', 'agents', 'backend-architect.md'),
        definitionText('backend-architect', { description: 'This workspace designs its APIs its own way.' }),
      );
      const catalog = await load();
      const expert = catalog.get('backend-architect');
      assert.strictEqual(expert.origin, 'workspace');
      assert.strictEqual(expert.file, file);
      assert.strictEqual(expert.overrides, builtinBackend);
      assert.strictEqual(expert.description, 'This workspace designs its APIs its own way.');
      assert.strictEqual(catalog.experts.length, 24);
      const diagnostics = catalog.diagnostics.filter((d) => d.file === file);
      assert.strictEqual(diagnostics.length, 1, describeAll(diagnostics));
      assert.strictEqual(diagnostics[0]!.severity, 'info');
      assert.match(diagnostics[0]!.message, /overrides the builtin expert "backend-architect"/);
      assert.ok(diagnostics[0]!.message.includes(builtinBackend), diagnostics[0]!.message);
      assert.deepStrictEqual(
        catalog.diagnostics.filter((d) => d.severity !== 'info'),
        [],
      );
    });

    it('a .claude/agents subagent loads with mapped tools, a warning for unmappable tools, its model and derived triggers', async () => {
      const file = write(path.join(workspace, '.claude', 'agents', 'x.md'), claudeSubagent);
      const catalog = await load();
      assert.strictEqual(catalog.experts.length, 25);
      const expert = catalog.get('github-triager');
      assert.strictEqual(expert.origin, 'claude');
      assert.strictEqual(expert.file, file);
      assert.deepStrictEqual(expert.tools, ['read_file', 'search_code', 'run_command'] satisfies ExpertTool[]);
      assert.strictEqual(expert.model, 'opus');
      assert.strictEqual(expert.tier, 3);
      assert.strictEqual(expert.category, 'custom');
      assert.strictEqual(expert.displayName, 'Github Triager');
      assert.strictEqual(expert.description, 'Triages GitHub issues and pull requests, labels them and finds duplicate reports.');
      assert.strictEqual(expert.systemPrompt, 'You are a triage assistant for this repository.\nRead new issues, label them and link duplicates.');
      assert.deepStrictEqual(expert.triggers, ['github', 'triager', 'triages', 'issues', 'pull', 'requests', 'labels', 'finds', 'duplicate', 'reports']);
      const diagnostics = catalog.diagnostics.filter((d) => d.file === file);
      assert.deepStrictEqual(diagnostics, [{ file, severity: 'warning', message: 'Claude tool "mcp__github" has no Big Three equivalent; ignored' }]);
    });

    it("a claude subagent's <example> blocks (literal \\n in the YAML string) become its example requests", async () => {
      const description =
        'Use this agent to review database migrations before they ship. Examples:\\n\\n<example>\\nContext: a new migration.\\nuser: \\"will adding this index lock the orders table?\\"\\nassistant: \\"I will use the migration-reviewer agent.\\"\\n</example>';
      write(
        path.join(workspace, '.claude', 'agents', 'migration-reviewer.md'),
        `---\nname: migration-reviewer\ndescription: "${description}"\n---\nReview migrations.\n`,
      );
      const expert = (await load()).get('migration-reviewer');
      assert.ok(expert.description.startsWith('Use this agent to review database migrations before they ship. Examples:\n\n<example>'));
      assert.deepStrictEqual(expert.examples, ['will adding this index lock the orders table?']);
      // Triggers come from the prose, not from the example block's words.
      assert.ok(expert.triggers.includes('migrations') && !expert.triggers.includes('assistant') && !expert.triggers.includes('context'));
    });

    it('a claude subagent without tools gets every tool; a tools list works too', async () => {
      write(path.join(workspace, '.claude', 'agents', 'all-tools.md'), '---\nname: all-tools\ndescription: Does everything.\n---\nDo it.\n');
      write(
        path.join(workspace, '.claude', 'agents', 'listed.md'),
        '---\nname: listed-tools\ndescription: Edits files.\ntools: [Edit, Glob, WebFetch, TodoWrite]\n---\nEdit.\n',
      );
      const catalog = await load();
      assert.deepStrictEqual(catalog.get('all-tools').tools, [...EXPERT_TOOLS]);
      assert.deepStrictEqual(catalog.get('listed-tools').tools, ['edit_file', 'list_files', 'browser']);
      assert.deepStrictEqual(
        catalog.diagnostics.filter((d) => d.severity !== 'info'),
        [],
        'TodoWrite is internal to Claude Code: no warning',
      );
    });

    it('a claude subagent with only a name and a description loads, its description standing in for the prompt', async () => {
      const file = write(
        path.join(workspace, '.claude', 'agents', 'forecast.md'),
        '---\nname: weather-forecast\ndescription: Gives hourly and ten-day weather forecasts for any city.\n---\n',
      );
      const catalog = await load();
      const expert = catalog.get('weather-forecast');
      assert.strictEqual(expert.systemPrompt, 'Gives hourly and ten-day weather forecasts for any city.');
      assert.deepStrictEqual(
        catalog.diagnostics.filter((d) => d.file === file),
        [{ file, severity: 'warning', message: "the body (the subagent's system prompt) is empty: its description is used as the prompt" }],
      );
    });

    it('a claude subagent whose description holds a colon (not valid YAML) is read one field per line, with a warning', async () => {
      const file = write(
        path.join(workspace, '.claude', 'agents', 'network.md'),
        '---\nname: network-owner\ndescription: Owns the network: VLANs, DNS and VPN. Use it for: firewall rules\ntools: [Read, Grep] # , Bash\n---\nKeep the lights on.\n',
      );
      const broken = write(path.join(workspace, '.claude', 'agents', 'broken.md'), '---\n  nested: [\nname: broken\ndescription: a: b\n---\nBody.\n');
      const catalog = await load();
      const expert = catalog.get('network-owner');
      assert.strictEqual(expert.description, 'Owns the network: VLANs, DNS and VPN. Use it for: firewall rules');
      assert.deepStrictEqual(expert.tools, ['read_file', 'search_code'], 'a commented-out tool is not granted');
      assert.strictEqual(expert.systemPrompt, 'Keep the lights on.');
      const warnings = catalog.diagnostics.filter((d) => d.file === file);
      assert.strictEqual(warnings.length, 1, describeAll(warnings));
      assert.strictEqual(warnings[0]!.severity, 'warning');
      assert.match(warnings[0]!.message, /^front matter is not valid YAML \(.*\); read as one "field: value" per line$/);
      assert.strictEqual(catalog.find('broken'), undefined, 'a line before the first field keeps the YAML error');
      assert.ok(catalog.diagnostics.some((d) => d.file === broken && d.severity === 'error' && /not valid YAML/.test(d.message)));
    });

    it('reads subagents as public collections write them: literal \\n, descriptions over several lines, other fields, long examples', async () => {
      const agents = path.join(workspace, '.claude', 'agents');
      // Plain YAML keeps "\n" as two characters: they are line breaks, not an "n" glued to the next word.
      write(path.join(agents, 'infra.md'), '---\nname: infra-helper\ndescription: Covers:\\nKubernetes manifests\\nTerraform modules\n---\nBody.\n');
      // Not YAML (a colon in the description), written over lines that look like fields ("user: …").
      write(
        path.join(agents, 'ui.md'),
        [
          '---',
          'name: ui-designer',
          'description: Use this agent when creating interfaces. Examples:',
          '',
          '<example>',
          'Context: Starting a new app',
          'user: "We need UI designs for our meditation app"',
          'assistant: "I will design the screens."',
          '</example>',
          'color: "#3b82f6"',
          'model: claude-sonnet-4-5@20250929',
          'permissionMode: acceptEdits',
          'tools:',
          '  - Read',
          '  - Write',
          '---',
          'Design well.',
          '',
        ].join('\n'),
      );
      write(
        path.join(agents, 'payments.md'),
        `---\nname: payments-reviewer\ndescription: Reviews payment code: ${'<example>refunds and webhooks</example> '.repeat(150)}\n---\nBody.\n`,
      );
      const catalog = await load();
      assert.strictEqual(catalog.get('infra-helper').description, 'Covers:\nKubernetes manifests\nTerraform modules');
      assert.ok(catalog.get('infra-helper').triggers.includes('terraform'));
      const ui = catalog.get('ui-designer');
      assert.match(ui.description, /^Use this agent when creating interfaces\. Examples:\n\n<example>\nContext: Starting a new app\nuser: "We need UI designs/);
      assert.match(ui.description, /<\/example>$/);
      assert.deepStrictEqual(ui.examples, ['We need UI designs for our meditation app']);
      assert.strictEqual(ui.model, 'claude-sonnet-4-5@20250929');
      assert.deepStrictEqual(ui.tools, ['read_file', 'write_file']);
      assert.ok(catalog.get('payments-reviewer').description.length > 4000);
    });

    it('does not follow a linked .claude or .claude/agents folder out of the workspace', async () => {
      const elsewhere = tempDir();
      try {
        write(path.join(elsewhere, 'agents', 'outside.md'), '---\nname: outside\ndescription: Lives outside the workspace.\n---\n');
        fs.symlinkSync(elsewhere, path.join(workspace, '.claude'));
        const catalog = await load();
        assert.strictEqual(catalog.find('outside'), undefined);
        assert.ok(
          catalog.diagnostics.some((d) => d.file === path.join(workspace, '.claude') && /symbolic link/.test(d.message)),
          describeAll(catalog.diagnostics),
        );
        fs.rmSync(path.join(workspace, '.claude'));
        fs.mkdirSync(path.join(workspace, '.claude'));
        fs.symlinkSync(path.join(elsewhere, 'agents'), path.join(workspace, '.claude', 'agents'));
        assert.strictEqual((await load()).find('outside'), undefined);
      } finally {
        fs.rmSync(elsewhere, { recursive: true, force: true });
      }
    });

    it("follows links into the workspace's .claude and .big-three folders (where edits need approval), each folder and file once", async () => {
      const bigThree = path.join(workspace, '.big-three');
      write(path.join(bigThree, 'shared', 'team.md'), '---\nname: team-helper\ndescription: Helps the team.\n---\n');
      write(path.join(bigThree, 'docs', 'reviewer.md'), '---\nname: docs-reviewer\ndescription: Reviews the docs.\n---\n');
      fs.mkdirSync(path.join(workspace, '.claude'));
      fs.symlinkSync(path.join(bigThree, 'shared'), path.join(workspace, '.claude', 'agents'));
      fs.symlinkSync(path.join(bigThree, 'docs', 'reviewer.md'), path.join(bigThree, 'shared', 'reviewer.md'));
      fs.symlinkSync(path.join(bigThree, 'shared', 'team.md'), path.join(bigThree, 'shared', 'alias.md')); // the same file again
      fs.symlinkSync(bigThree, path.join(bigThree, 'shared', 'loop')); // a cycle
      const catalog = await load();
      assert.strictEqual(catalog.get('team-helper').description, 'Helps the team.');
      assert.strictEqual(catalog.get('docs-reviewer').description, 'Reviews the docs.');
      assert.deepStrictEqual(
        catalog.diagnostics.filter((d) => d.severity === 'error' || /symbolic link/.test(d.message)),
        [],
        'no duplicate read through the alias or the cycle, and no link refused',
      );
    });

    it('does not follow, and reports, links to unprotected folders, link loops and dangling links; the rest still loads', async () => {
      const agents = path.join(workspace, '.big-three', 'agents');
      write(path.join(agents, 'good.md'), definitionText('good-one'));
      write(path.join(workspace, 'shared', 'agents', 'team.md'), '---\nname: team-helper\ndescription: Helps the team.\n---\n');
      fs.mkdirSync(path.join(workspace, '.claude'));
      fs.symlinkSync(path.join(workspace, 'shared', 'agents'), path.join(workspace, '.claude', 'agents'));
      fs.symlinkSync(path.join(workspace, 'shared', 'agents', 'team.md'), path.join(agents, 'team.md'));
      fs.symlinkSync(path.join(agents, 'loop.md'), path.join(agents, 'loop.md'));
      fs.symlinkSync(path.join(agents, 'missing.md'), path.join(agents, 'dangling.md'));
      const catalog = await load();
      assert.strictEqual(catalog.find('team-helper'), undefined, 'an auto-approved edit of shared/ could have changed its tools');
      assert.ok(catalog.find('good-one'), 'the other definitions load');
      const messages = catalog.diagnostics.map((d) => `${path.relative(workspace, d.file)}: ${d.message}`);
      const has = (file: string, pattern: RegExp) =>
        assert.ok(
          messages.some((m) => m.startsWith(`${file}: `) && pattern.test(m)),
          `${file} ${pattern}\n${messages.join('\n')}`,
        );
      has(path.join('.claude', 'agents'), /outside the workspace's .claude and .big-three folders/);
      has(path.join('.big-three', 'agents', 'team.md'), /outside the workspace's .claude and .big-three folders/);
      has(path.join('.big-three', 'agents', 'loop.md'), /cannot be resolved \(ELOOP\)/);
      has(path.join('.big-three', 'agents', 'dangling.md'), /to nothing/);
    });

    it('warns about agent files it does not load: symbolic links, and folders more than three deep', async () => {
      const agents = path.join(workspace, '.claude', 'agents');
      const elsewhere = tempDir();
      try {
        write(path.join(elsewhere, 'linked.md'), '---\nname: linked\ndescription: From elsewhere.\n---\n');
        fs.mkdirSync(agents, { recursive: true });
        fs.symlinkSync(path.join(elsewhere, 'linked.md'), path.join(agents, 'linked.md'));
        write(path.join(agents, 'a', 'b', 'c', 'deep.md'), '---\nname: deep\ndescription: Too deep.\n---\n');
        const catalog = await load();
        assert.strictEqual(catalog.find('linked'), undefined);
        assert.strictEqual(catalog.find('deep'), undefined);
        const messages = catalog.diagnostics.filter((d) => d.file.startsWith(agents)).map((d) => `${path.relative(agents, d.file)}: ${d.message}`);
        assert.ok(
          messages.some((m) => m.startsWith("linked.md: is a symbolic link to a place outside the workspace's .claude and .big-three folders")),
          messages.join('\n'),
        );
        assert.ok(
          messages.some((m) => m.startsWith(`${path.join('a', 'b', 'c')}: more than 3 folders deep`)),
          messages.join('\n'),
        );
      } finally {
        fs.rmSync(elsewhere, { recursive: true, force: true });
      }
    });

    it('a folder of such subagents given as the expert folder (--agents) loads them the same way', async () => {
      const folder = tempDir();
      try {
        write(path.join(folder, 'network.md'), '---\nname: network-owner\ndescription: Owns the network: VLANs, DNS and VPN.\n---\n');
        write(path.join(folder, 'ours.md'), definitionText('ours').replace(/^description: .*$/m, 'description: Owns: everything'));
        const catalog = loadFolder(folder);
        await catalog.reload();
        assert.strictEqual(catalog.get('network-owner').description, 'Owns the network: VLANs, DNS and VPN.');
        assert.strictEqual(catalog.find('ours'), undefined, 'an expert file (tier, triggers, ...) is not read line by line');
        assert.ok(catalog.diagnostics.some((d) => d.file.endsWith('ours.md') && d.severity === 'error' && /not valid YAML/.test(d.message)));
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('a claude subagent overrides a builtin expert of the same id', async () => {
      const file = write(
        path.join(workspace, '.claude', 'agents', 'backend.md'),
        '---\nname: backend-architect\ndescription: Claude flavoured backend architect.\ntools: Read\n---\nDesign APIs.\n',
      );
      const catalog = await load();
      const expert = catalog.get('backend-architect');
      assert.strictEqual(expert.origin, 'claude');
      assert.strictEqual(expert.overrides, builtinBackend);
      assert.deepStrictEqual(expert.tools, ['read_file']);
      const info = catalog.diagnostics.find((d) => d.file === file && d.severity === 'info');
      assert.ok(info && /overrides the builtin expert "backend-architect"/.test(info.message), describeAll(catalog.diagnostics));
    });

    it('workspace beats claude, which beats builtin', async () => {
      const claudeFile = write(
        path.join(workspace, '.claude', 'agents', 'backend-architect.md'),
        '---\nname: backend-architect\ndescription: Claude flavoured backend architect.\n---\nDesign APIs.\n',
      );
      const workspaceFile = write(
        path.join(workspace, '.big-three', 'agents', 'backend-architect.md'),
        definitionText('backend-architect', { description: 'Workspace backend architect.' }),
      );
      const catalog = await load();
      const expert = catalog.get('backend-architect');
      assert.strictEqual(expert.origin, 'workspace');
      assert.strictEqual(expert.file, workspaceFile);
      assert.strictEqual(expert.description, 'Workspace backend architect.');
      assert.strictEqual(expert.overrides, claudeFile);
      const infos = catalog.diagnostics.filter((d) => d.severity === 'info').map((d) => [d.file, d.message.slice(0, d.message.indexOf(' from '))]);
      assert.deepStrictEqual(infos, [
        [claudeFile, 'overrides the builtin expert "backend-architect"'],
        [workspaceFile, 'overrides the claude expert "backend-architect"'],
      ]);
      assert.strictEqual(catalog.experts.filter((e) => e.id === 'backend-architect').length, 1);
    });
  });

  describe('reload', () => {
    let root: string;

    beforeEach(() => {
      root = tempDir();
    });

    afterEach(() => {
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('picks up changed, added, deleted and newly broken files', async () => {
      const alpha = write(path.join(root, 'alpha.md'), definitionText('alpha', { description: 'Version one.' }));
      const beta = write(path.join(root, 'beta.md'), definitionText('beta'));
      const catalog = loadFolder(root);
      await catalog.reload();
      assert.deepStrictEqual(catalog.ids, ['alpha', 'beta']);
      assert.strictEqual(catalog.get('alpha').description, 'Version one.');

      write(alpha, definitionText('alpha', { description: 'Version two.', tier: 2 }));
      write(path.join(root, 'gamma.md'), definitionText('gamma'));
      fs.rmSync(beta);
      await catalog.reload();
      assert.deepStrictEqual(catalog.ids, ['gamma', 'alpha']);
      assert.strictEqual(catalog.get('alpha').description, 'Version two.');
      assert.strictEqual(catalog.get('alpha').tier, 2);
      assert.strictEqual(catalog.find('beta'), undefined);
      assert.deepStrictEqual([...catalog.diagnostics], []);

      write(alpha, definitionText('alpha').replace('tier: 1', 'tier: 9'));
      await catalog.reload();
      assert.deepStrictEqual(catalog.ids, ['gamma']);
      assert.strictEqual(catalog.diagnostics.length, 1);
      assert.strictEqual(catalog.diagnostics[0]!.file, alpha);
    });

    it('fires onDidChange with the new snapshot on every reload', async () => {
      write(path.join(root, 'alpha.md'), definitionText('alpha'));
      const catalog = loadFolder(root);
      const snapshots: CatalogSnapshot[] = [];
      catalog.onDidChange((s) => snapshots.push(s));
      await catalog.reload();
      write(path.join(root, 'beta.md'), definitionText('beta'));
      await catalog.reload();
      assert.deepStrictEqual(
        snapshots.map((s) => s.experts.map((e) => e.id)),
        [['alpha'], ['alpha', 'beta']],
      );
    });

    it('concurrent reload() calls are coalesced, do not crash and end with the final state on disk', async () => {
      const file = write(path.join(root, 'alpha.md'), definitionText('alpha', { description: 'Version 0.' }));
      const catalog = loadFolder(root);
      let fired = 0;
      catalog.onDidChange(() => fired++);
      const first = catalog.reload();
      const later: Promise<CatalogSnapshot>[] = [];
      for (let v = 1; v <= 5; v++) {
        write(file, definitionText('alpha', { description: `Version ${v}.` }));
        later.push(catalog.reload());
      }
      for (const p of later) assert.strictEqual(p, later[0], 'calls during a load share one follow-up load');
      const results = await Promise.all([first, ...later]);
      assert.strictEqual(catalog.get('alpha').description, 'Version 5.');
      assert.strictEqual(results.at(-1)!.experts[0]!.description, 'Version 5.');
      assert.strictEqual(fired, 2);
      assert.deepStrictEqual(catalog.diagnostics, []);
    });

    it('many overlapping reloads with writes in between never lose the last write', async () => {
      const file = write(path.join(root, 'alpha.md'), definitionText('alpha', { description: 'Start.' }));
      const catalog = loadFolder(root);
      const pending: Promise<CatalogSnapshot>[] = [];
      for (let round = 0; round < 20; round++) {
        pending.push(catalog.reload());
        if (round % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        write(file, definitionText('alpha', { description: `Round ${round}.` }));
      }
      pending.push(catalog.reload());
      await Promise.all(pending);
      assert.strictEqual(catalog.get('alpha').description, 'Round 19.');
      assert.deepStrictEqual(catalog.ids, ['alpha']);
    });
  });
});
