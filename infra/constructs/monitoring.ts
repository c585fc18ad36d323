// What tells the operators something is wrong (docs/operations.md, "Alarms"): every alarm of a stage
// goes to one SNS topic (the operators' distribution list), and one dashboard shows them all.
// Alarms are billed per metric they read ($0.10 per alarm metric and month), so the fewer metrics the
// cheaper; metric math groups many resources in one alarm (at most 10 metrics each, the CloudWatch
// limit of a metric-math alarm) to keep the count of alarms, and notifications, small.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { programmes } from '../../domain/programmes/index.ts';

/**
 * The metric the workflows emit (Powertools Metrics, `functions/case-actions`) when a case is flagged
 * as needing attention: one series per programme, beside Powertools' default `service` dimension.
 */
export const NEEDS_ATTENTION_METRIC = { namespace: 'Casework', metricName: 'CaseNeedsAttention' };
const needsAttention = (programme: string, stage: string) =>
  new Metric({ ...NEEDS_ATTENTION_METRIC, dimensionsMap: { service: 'casework', programme, stage }, period: PERIOD, statistic: 'Sum' });
/** The CloudWatch limit of metrics in one metric-math alarm. */
export const METRICS_PER_ALARM = 10;
const PERIOD = Duration.minutes(5);

export interface MonitoringProps {
  stage: string;
  alarmEmail: string;
  /** Every dead-letter queue of the stage. */
  deadLetterQueues: IQueue[];
  /** Every state machine, and whether a stop (withdrawal, linked case) is a normal end of it (then its aborts are not alarmed). */
  stateMachines: { name: string; stateMachine: IStateMachine; stoppable: boolean }[];
  api: HttpApi;
  tableName: string;
}

/** `[a, b, c, ...]` in groups of at most `size`. */
function chunks<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}

/** One time series: the sum of the given metrics (missing data points as 0). */
function sumOf(metrics: IMetric[], label: string): MathExpression {
  const usingMetrics = Object.fromEntries(metrics.map((metric, index) => [`m${index}`, metric]));
  return new MathExpression({
    expression: `SUM([${Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(', ')}])`,
    usingMetrics,
    label,
    period: PERIOD,
  });
}

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: `Casework ${props.stage} alarms`, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const graphs: GraphWidget[] = [];
    const alarm = (alarmId: string, metric: IMetric, description: string, threshold = 1, evaluationPeriods = 1) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `Casework ${props.stage}: ${description} (docs/operations.md)`,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      graphs.push(new GraphWidget({ title: description, left: [metric], width: 8, height: 6 }));
      return created;
    };

    // Dead letters: anything an asynchronous invocation, a stream consumer or a schedule gave up on.
    chunks(props.deadLetterQueues, METRICS_PER_ALARM).forEach((queues, index) =>
      alarm(
        `DeadLetters${index + 1}`,
        sumOf(
          queues.map((queue) => queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' })),
          'messages in dead-letter queues',
        ),
        'messages waiting in a dead-letter queue',
      ),
    );

    // Workflows: executions failed, timed out, or aborted (where a stop is not a normal end).
    const workflowMetrics = props.stateMachines.flatMap(({ stateMachine, stoppable }) => [
      stateMachine.metricFailed({ period: PERIOD, statistic: 'Sum' }),
      stateMachine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }),
      ...(stoppable ? [] : [stateMachine.metricAborted({ period: PERIOD, statistic: 'Sum' })]),
    ]);
    chunks(workflowMetrics, METRICS_PER_ALARM).forEach((metrics, index) =>
      alarm(
        `Workflows${index + 1}`,
        sumOf(metrics, 'executions failed, timed out or aborted'),
        `workflow executions failed, timed out or aborted (${index + 1})`,
      ),
    );

    // The API: any 5xx (never expected: a client's mistake is a 4xx, an outage a 503 counted too), and p99 latency.
    alarm('Api5xx', props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }), 'API 5xx answers');
    alarm('ApiLatencyP99', props.api.metricLatency({ period: PERIOD, statistic: 'p99' }), 'API p99 latency ≥ 3 s for 15 minutes', 3000, 3);

    // Functions: errors and throttles of every function in the account's region, two metrics: an
    // alarm is billed per metric it reads, and per-function alarms would read one per function
    // (docs/operations.md). An API function's error is also a 5xx, a workflow function's a failed
    // execution or a case needing attention, a stream consumer's a dead letter: those say which.
    alarm(
      'FunctionErrors',
      new Metric({ namespace: 'AWS/Lambda', metricName: 'Errors', period: PERIOD, statistic: 'Sum' }),
      'Lambda function errors in the account and region',
      5,
    );
    alarm(
      'FunctionThrottles',
      new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', period: PERIOD, statistic: 'Sum' }),
      'Lambda throttles in the account and region',
    );

    // DynamoDB: throttled reads and writes (table and indexes), and system errors of the operations the functions use.
    const table = (metricName: string, dimensionsMap: Record<string, string> = {}) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.tableName, ...dimensionsMap },
        period: PERIOD,
        statistic: 'Sum',
      });
    alarm(
      'TableThrottlesAndErrors',
      sumOf(
        [
          table('ReadThrottleEvents'),
          table('WriteThrottleEvents'),
          ...['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchGetItem', 'GetRecords'].map(
            (operation) => table('SystemErrors', { Operation: operation }),
          ),
        ],
        'throttled requests and system errors',
      ),
      'DynamoDB throttled requests or system errors',
    );

    // Cases flagged as needing attention (a workflow step failed for good).
    alarm(
      'CaseNeedsAttention',
      sumOf(
        programmes.map(({ programme }) => needsAttention(programme, props.stage)),
        'cases flagged as needing attention',
      ),
      'cases flagged as needing attention',
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `Casework-${props.stage}` });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: `Casework ${props.stage}: alarms`, alarms: this.alarms, width: 24, height: 6 }),
    );
    this.dashboard.addWidgets(...graphs);
  }
}
