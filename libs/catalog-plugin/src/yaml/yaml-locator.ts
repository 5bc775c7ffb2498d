import { EVENT_ID, Event, SCALAR_STYLE, ScalarEvent, getScalarValue, parseEvents } from 'js-yaml';
import { PathSegment, pathKey } from './yaml-path';

export interface SourcePosition {
  line: number;
  column: number;
}

/** Anything that can place a document path in the source text. */
export interface PathLocator {
  locateKey(path: readonly PathSegment[]): SourcePosition | undefined;
  locateValue(path: readonly PathSegment[]): SourcePosition | undefined;
}

interface Frame {
  kind: 'map' | 'seq';
  path: PathSegment[];
  index: number;
  pendingKey: string | undefined;
  expectingKey: boolean;
}

/**
 * Maps document paths to 1-based line/column positions. Built from the parser's
 * event stream only when a message needs a position, so the happy path never pays for it.
 */
export class YamlLocator implements PathLocator {
  private keyOffsets?: Map<string, number>;
  private valueOffsets?: Map<string, number>;
  private lineStarts?: number[];

  constructor(private readonly text: string) {}

  /** Position of a mapping key (for unknown-field errors), else of the value. */
  locateKey(path: readonly PathSegment[]): SourcePosition | undefined {
    this.index();
    const key = pathKey(path);
    const offset = this.keyOffsets!.get(key) ?? this.valueOffsets!.get(key);
    return offset === undefined ? this.nearest(path) : this.toPosition(offset);
  }

  /** Position of the value at a path (for type and enum errors). */
  locateValue(path: readonly PathSegment[]): SourcePosition | undefined {
    this.index();
    const offset = this.valueOffsets!.get(pathKey(path));
    return offset === undefined ? this.nearest(path) : this.toPosition(offset);
  }

  positionOfOffset(offset: number): SourcePosition {
    this.index();
    return this.toPosition(offset);
  }

  private nearest(path: readonly PathSegment[]): SourcePosition | undefined {
    for (let n = path.length - 1; n >= 0; n--) {
      const prefix = pathKey(path.slice(0, n));
      const offset = this.valueOffsets!.get(prefix) ?? this.keyOffsets!.get(prefix);
      if (offset !== undefined) return this.toPosition(offset);
    }
    return undefined;
  }

  private toPosition(offset: number): SourcePosition {
    const starts = this.lineStarts!;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  private index(): void {
    if (this.keyOffsets) return;
    this.keyOffsets = new Map();
    this.valueOffsets = new Map();
    this.lineStarts = [0];
    for (let i = 0; i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    let events: Event[];
    try {
      events = parseEvents(this.text, {});
    } catch {
      return; // a syntax error is reported with its own mark; nothing to index
    }
    const stack: Frame[] = [];
    let documents = 0;
    const childPath = (): PathSegment[] | undefined => {
      const top = stack[stack.length - 1];
      if (!top) return [];
      if (top.kind === 'seq') return [...top.path, top.index];
      return top.pendingKey === undefined ? undefined : [...top.path, top.pendingKey];
    };
    const afterValue = (): void => {
      const top = stack[stack.length - 1];
      if (!top) return;
      if (top.kind === 'seq') top.index++;
      else {
        top.pendingKey = undefined;
        top.expectingKey = true;
      }
    };
    for (const ev of events) {
      if (ev.type === EVENT_ID.DOCUMENT) {
        if (++documents > 1) break; // only the first document is ever loaded
        continue;
      }
      const top = stack[stack.length - 1];
      const isKey = top?.kind === 'map' && top.expectingKey;
      if (ev.type === EVENT_ID.SCALAR) {
        if (isKey) {
          top.pendingKey = getScalarValue(this.text, ev);
          top.expectingKey = false;
          this.keyOffsets.set(pathKey([...top.path, top.pendingKey]), scalarStart(ev));
        } else {
          const p = childPath();
          if (p) this.valueOffsets.set(pathKey(p), scalarStart(ev));
          afterValue();
        }
      } else if (ev.type === EVENT_ID.ALIAS) {
        if (isKey) {
          top.pendingKey = '*';
          top.expectingKey = false;
        } else {
          const p = childPath();
          if (p) this.valueOffsets.set(pathKey(p), ev.anchorStart);
          afterValue();
        }
      } else if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
        // A collection used as a key is legal YAML but never valid for us; index it under '?'.
        const p = isKey ? [...top.path, '?'] : (childPath() ?? [...(top?.path ?? []), '?']);
        if (isKey) {
          top.pendingKey = '?';
          top.expectingKey = false;
        }
        this.valueOffsets.set(pathKey(p), ev.start);
        stack.push({
          kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq',
          path: p,
          index: 0,
          pendingKey: undefined,
          expectingKey: true,
        });
      } else if (ev.type === EVENT_ID.POP) {
        if (stack.length === 0) continue; // closes the document
        stack.pop();
        const parent = stack[stack.length - 1];
        if (
          parent &&
          !(parent.kind === 'map' && parent.pendingKey === '?' && parent.expectingKey)
        ) {
          afterValue();
        }
      }
    }
  }
}

/** Quoted scalars start at their opening quote, which is where a reader looks. */
function scalarStart(ev: ScalarEvent): number {
  const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
  return quoted ? ev.valueStart - 1 : ev.valueStart;
}
