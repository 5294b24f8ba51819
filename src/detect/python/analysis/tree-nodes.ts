import type { SyntaxNode, Tree } from '@lezer/common';

/** Nodes that rule modules' finish steps look for anywhere in a file, each list in document order. */
export interface TreeNodes {
  /** Every string literal (f-strings are not, but the strings inside their replacements are). */
  strings: SyntaxNode[];
  /** String literals and f-strings that are not inside an f-string. */
  outerStrings: SyntaxNode[];
  dicts: SyntaxNode[];
  assigns: SyntaxNode[];
}

/**
 * One cursor pass gathers what several finish steps need, where each used to walk the whole tree through
 * SyntaxNode objects. A String's only children are escapes, so its subtree is skipped.
 */
export function gatherTreeNodes(tree: Tree): TreeNodes {
  const out: TreeNodes = { strings: [], outerStrings: [], dicts: [], assigns: [] };
  let inFormat = 0;
  tree.iterate({
    enter(n) {
      switch (n.name) {
        case 'String':
          out.strings.push(n.node);
          if (inFormat === 0) out.outerStrings.push(n.node);
          return false;
        case 'FormatString':
          if (inFormat === 0) out.outerStrings.push(n.node);
          inFormat++;
          return undefined;
        case 'DictionaryExpression':
          out.dicts.push(n.node);
          return undefined;
        case 'AssignStatement':
          out.assigns.push(n.node);
          return undefined;
        default:
          return undefined;
      }
    },
    leave(n) {
      if (n.name === 'FormatString') inFormat--;
    },
  });
  return out;
}
