import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const SWAGGER_UI_PATH = 'api/docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('catalog-server')
    .setDescription(
      'Serves AI-asset catalogs (MCP servers, models) from pluggable sources and manages those sources. ' +
        'Every error response has the shape { code, message, details[], requestId }.',
    )
    .setVersion('v1alpha1')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /api/docs, the OpenAPI 3 document at /api/openapi.json. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/openapi.yaml',
  });
  return document;
}
