// Enforcement helper for services. The CLI acts as the server's operator (it can read the key file
// anyway), so it is the one caller that is not an Actor.
import { forbidden, notFound } from '../http/errors.ts';
import { can, type Action, type Actor, type Resource } from './policies.ts';

export type Caller = Actor | 'cli';

/**
 * Throws unless the caller may do the action on the resource. `hideExistence` answers 404 rather than
 * 403, so a pupil cannot learn that another pupil's conversation id exists.
 */
export function authorize(caller: Caller, action: Action, resource: Resource, hideExistence = false): void {
  if (caller === 'cli') return;
  if (!can(caller, action, resource)) throw hideExistence ? notFound() : forbidden();
}
