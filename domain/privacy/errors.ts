// Refusals of the data subjects' requests, mapped to localized 409s by the HTTP adapter.

/** The person's data were already erased: nothing left to correct. */
export class PersonErased extends Error {
  constructor() {
    super('person already erased');
    this.name = 'PersonErased';
  }
}

/** An open case's people are erased only on an explicit request with a recorded legal ground. */
export class ErasureNeedsLegalGround extends Error {
  constructor(readonly caseIds: string[]) {
    super(`erasure of open case(s) needs a legal ground`);
    this.name = 'ErasureNeedsLegalGround';
  }
}
