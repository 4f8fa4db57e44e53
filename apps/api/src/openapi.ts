import { DiscoveryService } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ListVariationsQuery } from '../../../libs/contracts/src/list-variations.query';
import { timesChange } from '../../../libs/contracts/src/sample-requests';
import { requiredUnless, withValidatorConstraints } from '../../../libs/contracts/src/openapi-constraints';
import { MiSummaryQuery } from './mi/mi-summary.dto';

/**
 * GET /docs and GET /docs-json: the HTTP contract of api.md as outside parties and fuzzers read it,
 * with the validators' constraints and the links from a submission to the actions on it.
 */
export function serveOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Curfew Variations')
      .setDescription('Administrative curfew variations (PCSC Act 2022): the HTTP contract of docs/api.md')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  withValidatorConstraints(document, handlerParameterTypes(app), [
    { path: '/variations', method: 'get', dto: ListVariationsQuery },
    { path: '/mi/summary', method: 'get', dto: MiSummaryQuery },
  ]);
  // R13: a reason to return or reject; a court's grant says what it ordered.
  for (const [dto, decided] of [
    ['TriageDecisionDto', 'ACCEPT'],
    ['ApprovalDecisionDto', 'APPROVE'],
  ]) {
    requiredUnless(document, dto, 'reason', { property: 'decision', values: [decided] });
  }
  requiredUnless(document, 'CourtDecisionDto', 'change', { property: 'decision', values: ['REFUSED'] });
  withVariationLinks(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    patchDocumentOnRequest: (_request, _response, served) => withSubmissionExamples(served),
  });
}

/** The classes the controllers' handlers take (their bodies among them), as Nest injects them. */
function handlerParameterTypes(app: NestExpressApplication) {
  const types = new Set<abstract new (...args: never[]) => unknown>();
  for (const { instance } of app.get(DiscoveryService).getControllers()) {
    const prototype = Object.getPrototypeOf(instance ?? {}) as object;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const parameters = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
      for (const type of parameters) if (typeof type === 'function') types.add(type as never);
    }
  }
  return [...types];
}

const VARIATION = /^\/variations\/\{id\}/;

/**
 * OpenAPI links: from the variation a submission or an action answers with (its `id`) to every
 * operation on that variation, so a client (or a stateful fuzzer) can follow a variation through.
 */
function withVariationLinks(document: OpenAPIObject): void {
  const onVariation = Object.entries(document.paths)
    .filter(([path]) => VARIATION.test(path))
    .flatMap(([, item]) => Object.values(item).map((operation) => operation.operationId as string));
  const links = Object.fromEntries(
    onVariation.map((operationId) => [
      operationId.replace(/^VariationsController_/, ''),
      { operationId, parameters: { id: '$response.body#/id' } },
    ]),
  );
  for (const [path, item] of Object.entries(document.paths)) {
    if (path !== '/variations' && path !== '/court-variations' && !VARIATION.test(path)) continue;
    const answer = item.post?.responses[path.startsWith('/variations/') ? '200' : '201'];
    if (answer && !('$ref' in answer)) answer.links = links;
  }
}

/**
 * A submission the rules allow, dated from today whenever the document is read, so a client trying
 * the example (or a fuzzer starting from it) gets a variation rather than 422.
 */
function withSubmissionExamples(document: OpenAPIObject): OpenAPIObject {
  for (const path of ['/variations', '/court-variations']) {
    const body = document.paths[path]?.post?.requestBody;
    if (body && 'content' in body) body.content['application/json'].example = timesChange();
  }
  return document;
}
