// One table of /api/v1 operations: each is registered on Express and described in OpenAPI from the
// same declaration, so the documentation cannot drift from the routes, and the access rule of every
// operation is data (the security tests walk this table).
import { Router, type RequestHandler, type RequestParamHandler } from 'express';
import type { z } from 'zod';
import { requireRole, requireUser, type Role } from './middleware/auth';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call an operation; ownership (my course, my progress) is checked by the service. */
export type Access = 'public' | 'user' | readonly Role[];

export interface ApiOperationSpec {
  tag: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** A multipart upload: the name of the file field and what it accepts. */
  upload?: { field: string; description: string };
  /** Status → what it means. 4xx/5xx are answered as problem+json. */
  responses: Record<number, string>;
}

export interface ApiOperation extends ApiOperationSpec {
  method: HttpMethod;
  /** Express-style path relative to /api/v1, e.g. `/courses/:slug`. */
  path: string;
}

export class ApiRoutes {
  readonly router = Router();
  readonly operations: ApiOperation[] = [];

  /**
   * Every operation of this part whose path has `:name` passes `guard` first: ownership of what the
   * path names, checked before the body is read (the role check still answers anonymous callers).
   */
  guardParam(name: string, guard: RequestParamHandler): this {
    this.router.param(name, guard);
    return this;
  }

  get(path: string, spec: ApiOperationSpec, ...handlers: RequestHandler[]): this {
    return this.add('get', path, spec, handlers);
  }
  post(path: string, spec: ApiOperationSpec, ...handlers: RequestHandler[]): this {
    return this.add('post', path, spec, handlers);
  }
  put(path: string, spec: ApiOperationSpec, ...handlers: RequestHandler[]): this {
    return this.add('put', path, spec, handlers);
  }
  patch(path: string, spec: ApiOperationSpec, ...handlers: RequestHandler[]): this {
    return this.add('patch', path, spec, handlers);
  }
  delete(path: string, spec: ApiOperationSpec, ...handlers: RequestHandler[]): this {
    return this.add('delete', path, spec, handlers);
  }

  private add(
    method: HttpMethod,
    path: string,
    spec: ApiOperationSpec,
    handlers: RequestHandler[],
  ): this {
    this.operations.push({ ...spec, method, path });
    this.router[method](path, accessGuard(spec.access), ...handlers);
    return this;
  }
}

function accessGuard(access: Access): RequestHandler {
  if (access === 'public') return (_req, _res, next) => next();
  if (access === 'user') return requireUser;
  return requireRole(...access);
}

/** Mounts several components' operations on one router and keeps their table together. */
export function combineApiRoutes(...parts: ApiRoutes[]): ApiRoutes {
  const combined = new ApiRoutes();
  for (const part of parts) {
    combined.router.use(part.router);
    combined.operations.push(...part.operations);
  }
  return combined;
}
