// Suggests matches for new cases off the submission's request path: a function on the table's
// stream, filtered to new `case.submitted` history events (written in the case's intake transaction).
// It reads the case's persons and the identity index and writes suggestions (domain/identity/matches.ts);
// it never opens the sensitive answers (no grant on their key).
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SUGGESTIONS_AFTER_EVENT } from '../../domain/identity/matches.ts';
import { CaseworkFunction } from './casework-function.ts';
import { newItemsOf } from './workflows/workflow-starter.ts';

export class MatchSuggester extends Construct {
  readonly function: CaseworkFunction;

  constructor(scope: Construct, id: string, props: { table: ITable }) {
    super(scope, id);
    // Query: the case's persons and the identity index; GetItem: each candidate's person and case;
    // PutItem: the pair guard, the suggestion and its event (one transaction, conditional).
    this.function = new CaseworkFunction(this, 'SuggestMatches', {
      entry: 'functions/suggest-matches/handler.ts',
      description: 'Suggests matches between a new case’s person and earlier records (identity index), from the table stream',
    }).bindTable(props.table, ['GetItem', 'Query', 'PutItem']);
    this.function.addEventSource(newItemsOf(this, props.table, 'CaseEvent', { type: SUGGESTIONS_AFTER_EVENT }));
  }
}
