import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { splitCatalogItems } from '@catalog/plugin/ingestion/catalog-item-chunks';
import { ChunkedContentParser } from '@catalog/plugin/ingestion/chunked-content-parser';
import { entityContentHash } from '@catalog/plugin';
import { MCP_CONTENT_FORMAT, MCP_SERVER_MODEL } from '@catalog/plugins-mcp';
const buf = readFileSync('/tmp/big.yaml');
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const mode = process.argv[2];
const t = Date.now();
const split = splitCatalogItems(buf, 'mcpservers')!;
const parser = new ChunkedContentParser(MCP_CONTENT_FORMAT);
let n = 0;
for (let s = 0; s < split.chunks.length; s += 500) {
  const step = split.chunks.slice(s, s + 500);
  if (mode === 'text') {
    for (const c of step) n += buf.toString('utf8', c.start, c.end).length;
    continue;
  }
  const r = parser.parse(buf, step);
  if (mode === 'hash') for (const i of r.items) entityContentHash(MCP_SERVER_MODEL, i.entity);
  n += r.items.length;
}
clearInterval(timer);
console.log(
  mode,
  'ms',
  Date.now() - t,
  'n',
  n,
  'peak rss',
  Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576),
  'heap now',
  Math.round(process.memoryUsage().heapUsed / 1048576),
);
