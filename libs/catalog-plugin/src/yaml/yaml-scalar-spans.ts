import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';
import type { PathSegment } from './yaml-path';

/** A scalar value of the document with its path and byte-exact text range. */
export interface ScalarSpan {
  path: PathSegment[];
  value: string;
  /** [start, end) of the scalar's text, quotes and block indicators included. */
  start: number;
  end: number;
  block: boolean;
}

interface Frame {
  kind: 'map' | 'seq';
  path: PathSegment[];
  index: number;
  key: string | undefined;
  expectingKey: boolean;
}

/**
 * Every scalar value (not keys) of the first document, in order, with its path and exact text
 * range, so callers can rewrite single values and leave every other byte of the text alone.
 * Returns [] for text that does not parse.
 */
export function scalarSpans(text: string): ScalarSpan[] {
  let events;
  try {
    events = parseEvents(text, {});
  } catch {
    return [];
  }
  const spans: ScalarSpan[] = [];
  const stack: Frame[] = [];
  let documents = 0;
  const childPath = (top: Frame | undefined): PathSegment[] =>
    !top ? [] : top.kind === 'seq' ? [...top.path, top.index] : [...top.path, top.key ?? '?'];
  const advance = (top: Frame | undefined): void => {
    if (!top) return;
    if (top.kind === 'seq') top.index++;
    else {
      top.key = undefined;
      top.expectingKey = true;
    }
  };
  for (const ev of events) {
    if (ev.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1) break;
      continue;
    }
    const top = stack[stack.length - 1];
    const isKey = top?.kind === 'map' && top.expectingKey;
    if (ev.type === EVENT_ID.SCALAR) {
      if (isKey) {
        top.key = getScalarValue(text, ev);
        top.expectingKey = false;
        continue;
      }
      const quoted =
        ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
      const block =
        ev.style === SCALAR_STYLE.LITERAL_BLOCK || ev.style === SCALAR_STYLE.FOLDED_BLOCK;
      let start = quoted ? ev.valueStart - 1 : ev.valueStart;
      let end = quoted ? ev.valueEnd + 1 : ev.valueEnd;
      if (block) {
        // Include the `|`/`>` indicator line so the replacement is a self-contained scalar.
        const indicator = Math.max(
          text.lastIndexOf('|', ev.valueStart),
          text.lastIndexOf('>', ev.valueStart),
        );
        start = indicator >= 0 ? indicator : start;
        while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
      }
      spans.push({ path: childPath(top), value: getScalarValue(text, ev), start, end, block });
      advance(top);
    } else if (ev.type === EVENT_ID.ALIAS) {
      if (isKey) {
        top.key = '*';
        top.expectingKey = false;
      } else advance(top);
    } else if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
      const path = isKey ? [...top.path, '?'] : childPath(top);
      if (isKey) {
        top.key = '?';
        top.expectingKey = false;
      }
      stack.push({
        kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq',
        path,
        index: 0,
        key: undefined,
        expectingKey: true,
      });
    } else if (ev.type === EVENT_ID.POP) {
      if (stack.length === 0) continue;
      stack.pop();
      advance(stack[stack.length - 1]);
    }
  }
  return spans;
}

/** Applies non-overlapping replacements to text (ranges from scalarSpans). */
export function replaceRanges(
  text: string,
  replacements: Array<{ start: number; end: number; text: string }>,
): string {
  let out = '';
  let at = 0;
  for (const r of [...replacements].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + text.slice(at);
}
