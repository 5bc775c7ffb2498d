import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
it('x', () => {
  const doc = load(readFileSync('/work/main/../shared/reference/upstream-model-catalog-openapi.yaml', 'utf8')) as any;
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: false });
  addFormats(ajv);
  console.log(Object.keys(doc.components.schemas).length);
  console.log(ajv.validate({ type: 'string', format: 'uri' }, 'oci://registry.example.com/certified/production-llm-8b:validated-v1.0'));
  console.log(ajv.validate({ type: 'string', format: 'uri' }, 'data:image/svg+xml;base64,PHN2Zy8+'));
});
