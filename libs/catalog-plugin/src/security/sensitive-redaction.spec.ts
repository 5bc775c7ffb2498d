import {
  REDACTED,
  redactSensitive,
  redactYamlText,
  restoreRedactedValues,
  restoreRedactedYaml,
} from './sensitive-redaction';

describe('redactSensitive', () => {
  it('redacts plain values under sensitive keys at any depth, keeps SecretRefs', () => {
    const input = {
      yamlCatalogPath: 'a.yaml',
      apiKey: 'k-123',
      auth: { Password: 'p', user: 'bob', nested: [{ token: 't' }, { other: 'x' }] },
      credentials: { user: 'u', pass: 'w' },
      clientSecret: { name: 'gh', key: 'secret', namespace: 'ns' },
      access_token: { name: 'gh', key: 'tok' },
      empty: '',
    };
    expect(redactSensitive(input)).toEqual({
      yamlCatalogPath: 'a.yaml',
      apiKey: REDACTED,
      auth: { Password: REDACTED, user: 'bob', nested: [{ token: REDACTED }, { other: 'x' }] },
      credentials: { user: REDACTED, pass: REDACTED },
      clientSecret: { name: 'gh', key: 'secret', namespace: 'ns' },
      access_token: { name: 'gh', key: 'tok' },
      empty: '',
    });
    expect(input.apiKey).toBe('k-123');
  });
});

describe('redactYamlText', () => {
  it('replaces only sensitive scalars and keeps every other byte', () => {
    const text = `# a comment stays
mcpservers:
  - name: a   # trailing comment
    serverUrl: https://x
    customProperties:
      apiToken: "abc"
      password: 'p w'
      secretRef: { name: s, key: k }
      db:
        credential: |
          multi
          line
      note: keep
`;
    const out = redactYamlText(text);
    expect(out).toBe(`# a comment stays
mcpservers:
  - name: a   # trailing comment
    serverUrl: https://x
    customProperties:
      apiToken: "${REDACTED}"
      password: "${REDACTED}"
      secretRef: { name: s, key: k }
      db:
        credential: "${REDACTED}"
      note: keep
`);
  });
});

describe('placeholder round trip', () => {
  it('restores stored values for REDACTED in structured properties', () => {
    const stored = { token: 'real', nested: { password: 'pw' }, url: 'a' };
    const { value, unresolved } = restoreRedactedValues(
      { token: REDACTED, nested: { password: 'new' }, url: 'b' },
      stored,
    );
    expect(value).toEqual({ token: 'real', nested: { password: 'new' }, url: 'b' });
    expect(unresolved).toEqual([]);
    expect(restoreRedactedValues({ apikey: REDACTED }, {}).unresolved).toEqual(['apikey']);
  });

  it('restores stored text for REDACTED in YAML text', () => {
    const stored = `servers:\n  - name: a\n    apiToken: "abc" # keep me\n`;
    const shown = redactYamlText(stored);
    expect(shown).toContain(REDACTED);
    const edited = shown.replace('name: a', 'name: b');
    const { text, unresolved } = restoreRedactedYaml(edited, stored);
    expect(text).toBe(`servers:\n  - name: b\n    apiToken: "abc" # keep me\n`);
    expect(unresolved).toEqual([]);
    expect(restoreRedactedYaml(`x:\n  token: "${REDACTED}"\n`, null).unresolved).toEqual([
      'x.token',
    ]);
  });
});
