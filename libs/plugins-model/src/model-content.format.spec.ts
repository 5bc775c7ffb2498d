import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeContentError, entityContentHash, parseCatalogContent } from '@catalog/plugin';
import { CATALOG_MODEL_MODEL } from './catalog-model.model';
import { MODEL_CONTENT_FORMAT } from './model-content.format';

const VALID = `source: Example catalog
models:
  - name: example/llm-7b
    description: An example model
    readme: "# Example"
    maturity: Technology Preview
    language: [en, de]
    tasks:
      - text-generation
    provider: Example Co
    logo: data:image/svg+xml;base64,PHN2Zy8+
    license: apache-2.0
    licenseLink: https://www.apache.org/licenses/LICENSE-2.0
    libraryName: transformers
    createTimeSinceEpoch: "1737331200000"
    lastUpdateTimeSinceEpoch: 1737417600000
    customProperties:
      model_type: { metadataType: MetadataStringValue, string_value: generative }
      layers: { metadataType: MetadataIntValue, int_value: 32 }
      heads: { int_value: "8" }
      score: { double_value: 0.5 }
      gated: { metadataType: MetadataBoolValue, bool_value: false }
      blob: { metadataType: MetadataStructValue, struct_value: e30= }
      proto: { metadataType: MetadataProtoValue, type: "type.googleapis.com/x.Y", proto_value: AAE= }
    artifacts:
      - uri: oci://registry.example.test/example/llm-7b:1
        name: weights
        description: The weights
        externalId: ext-1
      - artifactType: model-artifact
        uri: https://example.test/llm-7b.gguf
        createTimeSinceEpoch: 1737331200001
      - artifactType: metrics-artifact
        metricsType: performance-metrics
        customProperties:
          ttft_p90: { metadataType: MetadataDoubleValue, double_value: 102.5 }
  - name: bare
`;

describe('model content format', () => {
  it('parses every field, normalizing metadata values, timestamps and artifact types', () => {
    const result = parseCatalogContent(VALID, MODEL_CONTENT_FORMAT);
    if (!result.ok) throw new Error(result.errors.map(describeContentError).join('\n'));
    const [model, bare] = result.entities;
    expect(model).toEqual({
      name: 'example/llm-7b',
      fields: {
        description: 'An example model',
        readme: '# Example',
        maturity: 'Technology Preview',
        language: ['en', 'de'],
        tasks: ['text-generation'],
        provider: 'Example Co',
        logo: 'data:image/svg+xml;base64,PHN2Zy8+',
        license: 'apache-2.0',
        licenseLink: 'https://www.apache.org/licenses/LICENSE-2.0',
        libraryName: 'transformers',
      },
      createTime: 1737331200000,
      lastUpdateTime: 1737417600000,
      customProperties: {
        model_type: { metadataType: 'MetadataStringValue', string_value: 'generative' },
        layers: { metadataType: 'MetadataIntValue', int_value: '32' },
        heads: { metadataType: 'MetadataIntValue', int_value: '8' },
        score: { metadataType: 'MetadataDoubleValue', double_value: 0.5 },
        gated: { metadataType: 'MetadataBoolValue', bool_value: false },
        blob: { metadataType: 'MetadataStructValue', struct_value: 'e30=' },
        proto: {
          metadataType: 'MetadataProtoValue',
          type: 'type.googleapis.com/x.Y',
          proto_value: 'AAE=',
        },
      },
      children: {
        artifacts: [
          {
            name: 'weights',
            fields: {
              artifactType: 'model-artifact',
              uri: 'oci://registry.example.test/example/llm-7b:1',
              description: 'The weights',
              externalId: 'ext-1',
            },
          },
          {
            fields: { artifactType: 'model-artifact', uri: 'https://example.test/llm-7b.gguf' },
            createTime: 1737331200001,
          },
          {
            fields: { artifactType: 'metrics-artifact', metricsType: 'performance-metrics' },
            customProperties: {
              ttft_p90: { metadataType: 'MetadataDoubleValue', double_value: 102.5 },
            },
          },
        ],
      },
    });
    expect(bare).toEqual({ name: 'bare', fields: {}, children: { artifacts: [] } });
  });

  it('hashes stated timestamps and artifacts as content', () => {
    const parse = (text: string) => {
      const result = parseCatalogContent(text, MODEL_CONTENT_FORMAT);
      if (!result.ok) throw new Error(result.errors.map(describeContentError).join('\n'));
      return entityContentHash(CATALOG_MODEL_MODEL, result.entities[0]);
    };
    const base = parse('models:\n  - name: m\n    artifacts: [{ uri: "oci://a" }]\n');
    expect(parse('models:\n  - name: m\n    artifacts: [{ uri: "oci://a" }]\n')).toBe(base);
    expect(parse('models:\n  - name: m\n    artifacts: [{ uri: "oci://b" }]\n')).not.toBe(base);
    expect(
      parse(
        'models:\n  - name: m\n    createTimeSinceEpoch: "1"\n    artifacts: [{ uri: "oci://a" }]\n',
      ),
    ).not.toBe(base);
    expect(
      parse(
        'models:\n  - name: m\n    artifacts: [{ uri: "oci://a", lastUpdateTimeSinceEpoch: "5" }]\n',
      ),
    ).not.toBe(base);
  });

  it('reports unknown fields, wrong metadata pairs, bad artifacts and duplicate names all at once', () => {
    const text = `source: Broken
models:
  - name: a
    licence: MIT
    tasks: text-generation
    customProperties:
      p1: { metadataType: MetadataStringValue, int_value: "3" }
      p2: { metadataType: MetadataIntValue }
      p3: { int_value: "1e3" }
      p4: { string_value: a, bool_value: true }
      p5: { metadataType: MetadataBoolValue, bool_value: "yes" }
      p6: { metadataType: MetadataTextValue, string_value: x }
    artifacts:
      - uri: oci://x
        metricsType: performance-metrics
      - artifactType: metrics-artifact
        uri: oci://y
        metricsType: latency
      - description: no uri
        checksum: abc
  - name: a
  - description: nameless
  - name: b
    logo: not a uri
    lastUpdateTimeSinceEpoch: -1
unexpected: true
`;
    const result = parseCatalogContent(text, MODEL_CONTENT_FORMAT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(describeContentError)).toEqual([
      'models[0].licence (line 4): unknown field',
      'models[0].tasks (line 5): expected list, got string',
      'models[0].customProperties.p1.int_value (line 7): does not belong to metadataType MetadataStringValue; use string_value',
      'models[0].customProperties.p2 (line 8): metadataType MetadataIntValue needs int_value',
      'models[0].customProperties.p3.int_value (line 9): must be an integer of at most 9 digits (a string like "42", or a number)',
      'models[0].customProperties.p4 (line 10): needs a metadataType, or exactly one of string_value, int_value, double_value, bool_value, struct_value',
      'models[0].customProperties.p5.bool_value (line 11): expected boolean, got string',
      'models[0].customProperties.p6.metadataType (line 12): must be one of: MetadataStringValue, MetadataIntValue, MetadataDoubleValue, MetadataBoolValue, MetadataStructValue, MetadataProtoValue (got "MetadataTextValue")',
      'models[0].artifacts[0].metricsType (line 15): only metrics artifacts (artifactType: metrics-artifact) have a metricsType',
      'models[0].artifacts[1].uri (line 17): metrics artifacts have no uri (only model artifacts do)',
      'models[0].artifacts[1].metricsType (line 18): must be one of: performance-metrics, accuracy-metrics (got "latency")',
      'models[0].artifacts[2].uri (line 19): required field is missing',
      'models[0].artifacts[2].checksum (line 20): unknown field',
      'models[1].name (line 21): duplicate name "a" (first defined at models[0])',
      'models[2].name (line 22): required field is missing',
      'models[3].logo (line 24): must be an absolute URI (scheme:..., no spaces)',
      'models[3].lastUpdateTimeSinceEpoch (line 25): must be epoch milliseconds: digits as a string ("1737331200000") or a number',
      'unexpected (line 26): unknown field',
    ]);
  });

  it('requires models: and accepts an empty list', () => {
    const missing = parseCatalogContent('source: Nothing\n', MODEL_CONTENT_FORMAT);
    expect(!missing.ok && missing.errors.map(describeContentError)).toEqual([
      'models (line 1): required field is missing',
    ]);
    const empty = parseCatalogContent('source: Nothing\nmodels: []\n', MODEL_CONTENT_FORMAT);
    expect(empty).toEqual({ ok: true, entities: [] });
  });

  it('accepts every shipped sample catalog in config/models', () => {
    const dir = join(__dirname, '..', '..', '..', 'config', 'models');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBe(5);
    for (const file of files) {
      const result = parseCatalogContent(
        readFileSync(join(dir, file), 'utf8'),
        MODEL_CONTENT_FORMAT,
      );
      expect([file, result.ok ? [] : result.errors.map(describeContentError)]).toEqual([file, []]);
      expect(result.ok && result.entities.length).toBeGreaterThan(0);
    }
  });
});
