import type { OperationExamples } from './types.js';

/** A spec operation with its path template compiled. */
export interface Route {
  operation: OperationExamples;
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(operations: OperationExamples[]): Route[] {
  return operations.map((operation) => {
    const names: string[] = [];
    const source = operation.path
      .split(/(\{[^}]+\})/)
      .map((part) =>
        part.startsWith('{') ? (names.push(part.slice(1, -1)), '([^/]+)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    return { operation, pattern: new RegExp(`^${source}/?$`), names };
  });
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The operation a request is for, with its decoded path parameters. */
export function matchRoute(
  routes: Route[],
  method: string,
  pathname: string,
): { operation: OperationExamples; params: Record<string, string> } | undefined {
  // Literal paths win over templated ones, as in OpenAPI.
  const candidates = routes
    .filter((route) => route.operation.method === method)
    .sort((a, b) => a.names.length - b.names.length);
  for (const route of candidates) {
    const match = route.pattern.exec(pathname);
    if (match)
      return {
        operation: route.operation,
        params: Object.fromEntries(route.names.map((name, index) => [name, decode(match[index + 1]!)])),
      };
  }
  return undefined;
}
