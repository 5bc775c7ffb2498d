export type PathSegment = string | number;

/** Renders a document path the way operators read it: `mcpservers[2].toolCont`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path);
}
