/** A field the runner cannot use as given; the message names the field. */
export class PlanError extends Error {}
