import { EVENT_ID, Event, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';

/**
 * A minimal syntax tree with source offsets, built from js-yaml's event stream, so an editor
 * can splice text into a document without re-serializing (and losing) the rest of it.
 * `start`/`end` span the node's own characters: `end` is just past its last significant
 * character (closing quote or bracket included, trailing blank lines of block scalars excluded).
 */
export type YamlNode = YamlScalarNode | YamlMapNode | YamlSeqNode | YamlAliasNode;

interface NodeSpan {
  start: number;
  end: number;
}

export interface YamlScalarNode extends NodeSpan {
  kind: 'scalar';
  value: string;
}

export interface YamlPair {
  key: YamlNode;
  value: YamlNode;
}

export interface YamlMapNode extends NodeSpan {
  kind: 'map';
  flow: boolean;
  pairs: YamlPair[];
}

export interface YamlSeqNode extends NodeSpan {
  kind: 'seq';
  flow: boolean;
  items: YamlNode[];
}

export interface YamlAliasNode extends NodeSpan {
  kind: 'alias';
}

interface Frame {
  node: YamlMapNode | YamlSeqNode;
  pendingKey?: YamlNode;
}

/** Parses the first document of `text` into a node tree; null for an empty document. Throws on syntax errors. */
export function parseYamlNodeTree(text: string): YamlNode | null {
  const events: Event[] = parseEvents(text, {});
  const stack: Frame[] = [];
  let root: YamlNode | null = null;
  let documents = 0;
  let lastEnd = 0;

  const attach = (node: YamlNode): void => {
    lastEnd = Math.max(lastEnd, node.end);
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return;
    }
    top.node.end = Math.max(top.node.end, node.end);
    if (top.node.kind === 'seq') top.node.items.push(node);
    else if (top.pendingKey === undefined) top.pendingKey = node;
    else {
      top.node.pairs.push({ key: top.pendingKey, value: node });
      top.pendingKey = undefined;
    }
  };

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1) return root;
        break;
      case EVENT_ID.SCALAR: {
        let start: number;
        let end: number;
        if (ev.valueStart < 0) {
          // An empty (null) value has no characters: place it right after the preceding token.
          start = end = lastEnd;
        } else if (
          ev.style === SCALAR_STYLE.SINGLE_QUOTED ||
          ev.style === SCALAR_STYLE.DOUBLE_QUOTED
        ) {
          start = ev.valueStart - 1;
          end = ev.valueEnd + 1;
        } else {
          start = ev.valueStart;
          end = ev.valueEnd;
          while (end > start && /\s/.test(text[end - 1])) end--;
        }
        start = withPrefix(start, ev.anchorStart, ev.tagStart);
        attach({
          kind: 'scalar',
          start,
          end,
          value: ev.valueStart < 0 ? '' : getScalarValue(text, ev),
        });
        break;
      }
      case EVENT_ID.ALIAS:
        attach({ kind: 'alias', start: ev.anchorStart - 1, end: ev.anchorEnd });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const start = withPrefix(ev.start, ev.anchorStart, ev.tagStart);
        const flow = ev.style === 2;
        const node: YamlMapNode | YamlSeqNode =
          ev.type === EVENT_ID.MAPPING
            ? { kind: 'map', flow, pairs: [], start, end: ev.start + 1 }
            : { kind: 'seq', flow, items: [], start, end: ev.start + 1 };
        lastEnd = Math.max(lastEnd, node.end);
        stack.push({ node });
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break; // closes the document
        const node = frame.node;
        if (node.flow) node.end = flowCloseEnd(text, node);
        // Re-attach to the parent: pushing happened at open time would lose the final end.
        attach(node);
        break;
      }
    }
  }
  return root;
}

function withPrefix(start: number, anchorStart: number, tagStart: number): number {
  let s = start;
  if (anchorStart >= 0) s = Math.min(s, anchorStart - 1);
  if (tagStart >= 0) s = Math.min(s, tagStart - 1);
  return Math.max(0, s);
}

/** Just past the `]`/`}` closing a flow collection (skipping whitespace, commas and comments). */
function flowCloseEnd(text: string, node: YamlMapNode | YamlSeqNode): number {
  const closer = node.kind === 'map' ? '}' : ']';
  let pos = node.end;
  while (pos < text.length) {
    const c = text[pos];
    if (c === closer) return pos + 1;
    if (c === '#') {
      const nl = text.indexOf('\n', pos);
      pos = nl < 0 ? text.length : nl + 1;
    } else if (c === ',' || /\s/.test(c)) pos++;
    else break;
  }
  return node.end;
}

/** The value of a plain-string key in a map. */
export function mapGet(node: YamlNode | null | undefined, key: string): YamlPair | undefined {
  if (!node || node.kind !== 'map') return undefined;
  return node.pairs.find((p) => p.key.kind === 'scalar' && p.key.value === key);
}
