// Declarations of a source file from a real parser (tree-sitter, through the WebAssembly build and
// grammars that VS Code itself ships in @vscode/tree-sitter-wasm: no native code, no download). The
// chunker cuts at these declarations and labels each chunk with the symbol it truly belongs to:
// #private and computed [kSymbol]() methods, decorated members, arrow-function exports, assignments
// such as `Foo.prototype.bar = function`, Python and Go declarations alike. Languages without a
// grammar here fall back to the chunker's line patterns.
import * as path from 'path';
import type { LoggerPort } from '../ports';
import { lookupTable } from '../text/lookup-table';

export interface OutlineNode {
  /** 0-based first line of the declaration itself (comments above it are added by the chunker). */
  start: number;
  /** 0-based last line, inclusive. */
  end: number;
  kind: 'function' | 'class' | 'declaration';
  name?: string;
  /** Members (methods, fields, nested declarations of a class, namespace, impl or object). */
  children: OutlineNode[];
}

const GRAMMAR_FILES: Record<string, string> = lookupTable<string>({
  typescript: 'tree-sitter-typescript.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
  java: 'tree-sitter-java.wasm',
  rust: 'tree-sitter-rust.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  cpp: 'tree-sitter-cpp.wasm',
  c: 'tree-sitter-cpp.wasm',
  php: 'tree-sitter-php.wasm',
});

// The parts of web-tree-sitter used here (its own typings ship in the package as a global module).
interface TsNode {
  type: string;
  startPosition: { row: number };
  endPosition: { row: number };
  namedChildren: TsNode[];
  text: string;
  childForFieldName(name: string): TsNode | null;
}
interface TsTree {
  rootNode: TsNode;
  delete(): void;
}
interface TsParser {
  setLanguage(language: unknown): void;
  parse(text: string): TsTree | null;
}
interface TsModule {
  Parser: { init(): Promise<void>; new (): TsParser };
  Language: { load(file: string): Promise<unknown> };
}

const CLASS_TYPES = new Set([
  'class_declaration',
  'abstract_class_declaration',
  'class_definition',
  'class',
  'interface_declaration',
  'enum_declaration',
  'internal_module',
  'module',
  'struct_item',
  'trait_item',
  'impl_item',
  'enum_item',
  'mod_item',
  'struct_specifier',
  'class_specifier',
  'namespace_definition',
  'record_declaration',
  'trait_declaration',
  'object',
]);
const FUNCTION_TYPES = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_definition',
  'method_definition',
  'method_declaration',
  'function_item',
  'method',
  'singleton_method',
  'constructor_declaration',
  'function_signature',
  'method_signature',
  'abstract_method_signature',
]);
const DECLARATION_TYPES = new Set([
  'type_alias_declaration',
  'type_declaration',
  'const_declaration',
  'var_declaration',
  'type_item',
  'const_item',
  'static_item',
  'macro_definition',
  'field_declaration',
  'public_field_definition',
  'field_definition',
  'property_signature',
]);
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'class', 'class_expression']);
/** A function value proper (a class value is a container of members). */
const isFunctionValue = (node: TsNode) => FUNCTION_VALUES.has(node.type) && node.type !== 'class' && node.type !== 'class_expression';
/** A label cut to `max` characters (a name can be a whole expression). */
const clipped = (text: string, max = 120) => (text.length > max ? text.slice(0, max) : text);
/** Nodes whose declarations are members (looked into for children). */
const BODY_FIELDS = ['body', 'declaration_list'];

function nameOf(node: TsNode): string | undefined {
  const named = node.childForFieldName('name') ?? node.childForFieldName('property') ?? node.childForFieldName('key');
  if (named) return named.text;
  if (node.type === 'type_declaration' || node.type === 'const_declaration' || node.type === 'var_declaration') {
    const spec = node.namedChildren.find((c) => /_spec$/.test(c.type));
    return spec?.childForFieldName('name')?.text;
  }
  if (node.type === 'impl_item') return node.childForFieldName('type')?.text;
  if (node.type === 'function_definition' || node.type === 'field_declaration') {
    // C/C++: the name sits inside the declarator.
    let d = node.childForFieldName('declarator');
    while (d && d.childForFieldName('declarator')) d = d.childForFieldName('declarator');
    return d?.text.split('(')[0];
  }
  return undefined;
}

export class SyntaxOutliner {
  private readonly languages = new Map<string, Promise<TsParser | undefined>>();

  private constructor(
    private readonly ts: TsModule,
    private readonly wasmDir: string,
    private readonly logger?: LoggerPort,
  ) {}

  /** Loads the parser runtime; undefined (with a warning) when the package is missing or fails to start. */
  static async load(logger?: LoggerPort): Promise<SyntaxOutliner | undefined> {
    try {
      const ts = require('@vscode/tree-sitter-wasm') as TsModule;
      await ts.Parser.init();
      const wasmDir = path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-javascript.wasm'));
      return new SyntaxOutliner(ts, wasmDir, logger);
    } catch (error) {
      logger?.warn(`Code parser unavailable (${(error as Error).message}); chunking falls back to line patterns.`);
      return undefined;
    }
  }

  /** True when `language` has a grammar here. */
  supports(language: string): boolean {
    return language in GRAMMAR_FILES;
  }

  /** Loads the grammar of `language` once; false when it has none or it failed to load. */
  async prepare(language: string): Promise<boolean> {
    const file = GRAMMAR_FILES[language];
    if (!file) return false;
    let parser = this.languages.get(language);
    if (!parser) {
      parser = (async () => {
        try {
          const grammar = await this.ts.Language.load(path.join(this.wasmDir, file));
          const p = new this.ts.Parser();
          p.setLanguage(grammar);
          return p;
        } catch (error) {
          this.logger?.warn(`The ${language} grammar failed to load (${(error as Error).message}); its files are chunked by line patterns.`);
          return undefined;
        }
      })();
      this.languages.set(language, parser);
    }
    return !!(await parser);
  }

  /** Declarations of `text`; undefined when the language's grammar is not prepared. */
  async outline(text: string, language: string): Promise<OutlineNode[] | undefined> {
    if (!(await this.prepare(language))) return undefined;
    const parser = (await this.languages.get(language))!;
    const tree = parser.parse(text);
    if (!tree) return undefined;
    try {
      return this.declarations(tree.rootNode, 0);
    } finally {
      tree.delete();
    }
  }

  private declarations(container: TsNode, depth: number): OutlineNode[] {
    const out: OutlineNode[] = [];
    for (const child of container.namedChildren) {
      const node = this.declaration(child, depth);
      if (node) out.push(node);
      else if (depth === 0 && (child.type === 'statement_block' || child.type === 'if_statement')) continue;
    }
    return out;
  }

  private declaration(node: TsNode, depth: number): OutlineNode | undefined {
    const span = { start: node.startPosition.row, end: node.endPosition.row };
    switch (node.type) {
      case 'export_statement':
      case 'decorated_definition':
      case 'ambient_declaration': {
        const inner =
          node.childForFieldName('declaration') ??
          node.childForFieldName('definition') ??
          node.namedChildren.find((c) => c.type !== 'decorator' && c.type !== 'comment');
        const decl = inner ? this.declaration(inner, depth) : undefined;
        return decl ? { ...decl, start: span.start, end: Math.max(span.end, decl.end) } : undefined;
      }
      case 'lexical_declaration':
      case 'variable_declaration': {
        const declarator = node.namedChildren.find((c) => c.type === 'variable_declarator');
        if (!declarator) return undefined;
        const value = declarator.childForFieldName('value');
        const isFunction = !!value && FUNCTION_VALUES.has(value.type);
        const children = value && depth < 3 ? this.valueMembers(value, depth + 1) : [];
        return { ...span, kind: isFunction ? 'function' : children.length ? 'class' : 'declaration', ...this.named(declarator), children };
      }
      case 'expression_statement': {
        // `Foo.prototype.bar = function () {}`, `module.exports = class …`, `exports.x = (a) => …`
        // `Vue.component('x', { … })`, `module.exports = Any.extend({ … })`: the object arguments' members.
        const expr = node.namedChildren[0];
        if (expr?.type === 'call_expression') {
          const call = this.declaration(expr, depth);
          return call ? { ...call, ...span } : undefined;
        }
        if (expr?.type !== 'assignment_expression') return undefined;
        const right = expr.childForFieldName('right');
        if (!right) return undefined;
        const left = expr.childForFieldName('left')?.text;
        if (isFunctionValue(right)) return { ...span, kind: 'function', ...(left ? { name: left } : {}), children: [] };
        const children = this.valueMembers(right, depth + 1);
        if (!children.length && !FUNCTION_VALUES.has(right.type)) return undefined;
        return { ...span, kind: 'class', ...(left ? { name: left } : {}), children };
      }
      case 'call_expression': {
        const children = depth < 3 ? this.valueMembers(node, depth + 1) : [];
        const callee = node.childForFieldName('function')?.text;
        return children.length ? { ...span, kind: 'class', ...(callee ? { name: clipped(callee, 80) } : {}), children } : undefined;
      }
      case 'pair': {
        // An object literal's `key: function () {}` or `key: () => …` member, or `key: { method() {} }` holding members.
        const value = node.childForFieldName('value');
        if (!value) return undefined;
        const name = this.named(node);
        if (isFunctionValue(value)) return { ...span, kind: 'function', ...name, children: [] };
        const children = depth < 4 ? this.valueMembers(value, depth + 1) : [];
        if (children.length) return { ...span, kind: 'class', ...name, children };
        return FUNCTION_VALUES.has(value.type) ? { ...span, kind: 'function', ...name, children: [] } : undefined;
      }
      default:
        break;
    }
    if (CLASS_TYPES.has(node.type) && node.type !== 'object')
      return { ...span, kind: 'class', ...this.named(node), children: depth < 4 ? this.members(node, depth + 1) : [] };
    if (FUNCTION_TYPES.has(node.type)) return { ...span, kind: 'function', ...this.named(node), children: [] };
    if (DECLARATION_TYPES.has(node.type)) {
      const value = node.childForFieldName('value');
      return { ...span, kind: value && FUNCTION_VALUES.has(value.type) ? 'function' : 'declaration', ...this.named(node), children: [] };
    }
    return undefined;
  }

  private named(node: TsNode): { name?: string } {
    const name = nameOf(node);
    return name ? { name: clipped(name) } : {};
  }

  /**
   * Members of a value: an object literal's or a class's, or those of the object literals passed to a call
   * (`Any.extend({ rules: { … } })`, `defineComponent({ … })`).
   */
  private valueMembers(value: TsNode, depth: number): OutlineNode[] {
    if (value.type === 'object' || value.type === 'class' || value.type === 'class_expression') return this.members(value, depth);
    if (value.type !== 'call_expression') return [];
    const args = value.childForFieldName('arguments');
    return (args?.namedChildren ?? []).filter((a) => a.type === 'object').flatMap((a) => this.members(a, depth));
  }

  private members(node: TsNode, depth: number): OutlineNode[] {
    if (node.type === 'object') return this.declarations(node, depth);
    for (const field of BODY_FIELDS) {
      const body = node.childForFieldName(field);
      if (body) return this.declarations(body, depth);
    }
    const body = node.namedChildren.find((c) => /(_body|declaration_list|^block$|^object$)/.test(c.type));
    return body ? this.declarations(body, depth) : [];
  }
}

/** One outliner per process, loaded on first use. */
let shared: Promise<SyntaxOutliner | undefined> | undefined;
export function sharedOutliner(logger?: LoggerPort): Promise<SyntaxOutliner | undefined> {
  shared ??= SyntaxOutliner.load(logger);
  return shared;
}
