import { parseCatalogContent, describeContentError } from '@catalog/plugin';
import { MCP_CONTENT_FORMAT } from './mcp-content.format';

const VALID = `mcpservers:
  - name: alpha
    serverUrl: https://alpha.example.test/mcp
    transportType: http
    deploymentMode: remote
    supportedTransports: "http,sse"
    toolCount: 4
    resourceCount: 0
    promptCount: 1
    verified: true
    certified: false
    provider: Example Co
    category: Search
    license: MIT
    externalId: ext-1
    description: Searches things
    image: registry.example.test/alpha:1
    endpoint: https://alpha.example.test/mcp
    logo: data:image/png;base64,AAAA
    customProperties:
      team: search
      tier: 2
  - name: beta
    serverUrl: stdio://beta
`;

describe('MCP content format', () => {
  it('parses all 19 fields of a valid entry', () => {
    const result = parseCatalogContent(VALID, MCP_CONTENT_FORMAT);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.entities).toHaveLength(2);
    const alpha = result.entities[0];
    expect(alpha.name).toBe('alpha');
    expect(Object.keys(alpha.fields)).toHaveLength(17);
    expect(alpha.fields).toMatchObject({
      toolCount: 4,
      verified: true,
      supportedTransports: 'http,sse',
    });
    expect(alpha.customProperties).toEqual({ team: 'search', tier: 2 });
    expect(result.entities[1].fields).toEqual({ serverUrl: 'stdio://beta' });
  });

  it('reports unknown fields, wrong types, bad enums and duplicate names all at once, with path and line', () => {
    const text = `mcpservers:
  - name: one
    serverUrl: https://one.test
  - name: two
    serverUrl: https://two.test
    toolCount: "many"
  - name: three
    serverUrl: https://three.test
    toolCont: 3
    transportType: carrier-pigeon
  - name: one
    serverUrl: https://dup.test
    promptCount: -1
    verified: yes
    supportedTransports: "http,ftp"
  - serverUrl: https://nameless.test
`;
    const result = parseCatalogContent(text, MCP_CONTENT_FORMAT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(describeContentError)).toEqual([
      'mcpservers[1].toolCount (line 6): expected integer, got string',
      'mcpservers[2].toolCont (line 9): unknown field',
      'mcpservers[2].transportType (line 10): must be one of: stdio, http, sse (got "carrier-pigeon")',
      'mcpservers[3].name (line 11): duplicate name "one" (first defined at mcpservers[0])',
      'mcpservers[3].promptCount (line 13): must be >= 0 (got -1)',
      'mcpservers[3].verified (line 14): expected boolean, got string',
      'mcpservers[3].supportedTransports (line 15): must be a comma-separated subset of stdio, http, sse',
      'mcpservers[4].name (line 16): required field is missing',
    ]);
  });

  it('rejects a document without mcpservers and unknown top-level keys', () => {
    const result = parseCatalogContent('servers: []\n', MCP_CONTENT_FORMAT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(describeContentError)).toEqual([
      'mcpservers (line 1): required field is missing',
      'servers (line 1): unknown field',
    ]);
  });

  it('rejects invalid YAML with line and column', () => {
    const result = parseCatalogContent(
      'mcpservers:\n  - name: a\n   serverUrl: x\n',
      MCP_CONTENT_FORMAT,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line: 3 });
    expect(result.errors[0].message).toMatch(/^invalid YAML/);
  });
});
