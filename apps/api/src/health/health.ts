/** One party the api depends on, as GET /health reports it (the shape of HMPPS's `/health`). */
export interface ComponentHealth {
  status: 'UP' | 'DOWN';
  details?: string;
}

export interface Health {
  /** DOWN only when a component the api cannot serve without is down. */
  status: 'UP' | 'DOWN';
  components: Record<string, ComponentHealth>;
}

/**
 * Temporal makes the api unready: without it no variation can be read or acted on. The mail relay
 * only degrades it: the worker sends the mail and retries, so the api stays in rotation and
 * /health shows the relay DOWN for whoever watches it (docs/operations.md).
 */
export function overallHealth(components: { temporal: ComponentHealth; mail: ComponentHealth }): Health {
  return { status: components.temporal.status, components };
}
