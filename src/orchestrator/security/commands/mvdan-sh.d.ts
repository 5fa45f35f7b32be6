// The parts of mvdan-sh (the JavaScript build of mvdan/sh, the Go shell parser) this project uses.
declare module 'mvdan-sh' {
  export interface ShNode {
    [field: string]: unknown;
  }
  export interface ShParser {
    Parse(source: string, name: string): ShNode;
  }
  export const syntax: {
    NewParser(...options: unknown[]): ShParser;
    KeepComments(keep: boolean): unknown;
    Variant(variant: unknown): unknown;
    LangBash: unknown;
    NodeType(node: ShNode): string;
    Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
    IsIncomplete(error: unknown): boolean;
  };
}
