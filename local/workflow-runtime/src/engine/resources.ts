/** How a Task's Resource maps to history event fields and to the effect the runtime performs. */
export type ResourceKind =
  | { kind: 'lambda-arn'; waitForToken: false }
  | { kind: 'service'; resourceType: string; resource: string; waitForToken: boolean; sync: boolean };

export function classifyResource(arn: string): ResourceKind {
  if (/^arn:[\w-]+:lambda:[^:]*:[^:]*:function:/.test(arn)) return { kind: 'lambda-arn', waitForToken: false };
  const m = /^arn:[\w-]+:states:[^:]*:[^:]*:(.+)$/.exec(arn);
  if (m) {
    const parts = (m[1] ?? '').split(':');
    let resourceType: string;
    let resource: string;
    if (parts[0] === 'aws-sdk') {
      resourceType = `aws-sdk:${parts[1] ?? ''}`;
      resource = parts.slice(2).join(':');
    } else {
      resourceType = parts[0] ?? '';
      resource = parts.slice(1).join(':');
    }
    return {
      kind: 'service',
      resourceType,
      resource,
      waitForToken: resource.endsWith('.waitForTaskToken'),
      sync: /\.sync(:2)?$/.test(resource),
    };
  }
  return { kind: 'service', resourceType: 'unknown', resource: arn, waitForToken: false, sync: false };
}

const SUPPORTED_SERVICE = [
  /^lambda:invoke(\.waitForTaskToken)?$/,
  /^states:startExecution(\.sync(:2)?|\.waitForTaskToken)?$/,
  /^dynamodb:(getItem|putItem|updateItem|deleteItem)$/,
  /^aws-sdk:[a-z0-9-]+:[A-Za-z0-9]+(\.waitForTaskToken)?$/,
];

/** SQS/SNS used only to carry a task token: accepted by the conformance harness, never by the runtime. */
const TOKEN_TRANSPORT = [/^sqs:sendMessage\.waitForTaskToken$/, /^sns:publish\.waitForTaskToken$/];

/** Null when the interpreter can run this resource, else the reason it refuses it. */
export function unsupportedReason(arn: string, tokenTransports = false): string | null {
  if (/^arn:[\w-]+:states:[^:]*:[^:]*:activity:/.test(arn)) return 'activities are not supported by the local runtime';
  if (/^arn:[\w-]+:lambda:[^:]*:[^:]*:function:/.test(arn)) return null;
  const m = /^arn:[\w-]+:states:::(.+)$/.exec(arn);
  if (!m) return `unsupported Resource '${arn}'`;
  const rest = m[1] ?? '';
  if (SUPPORTED_SERVICE.some((re) => re.test(rest))) return null;
  if (tokenTransports && TOKEN_TRANSPORT.some((re) => re.test(rest))) return null;
  return `the service integration '${rest}' is not supported by the local runtime`;
}

/**
 * The runtime returns the function's own result; AWS hands the state the Lambda Invoke API
 * response, so the interpreter wraps it the same way.
 */
export function wrapLambdaInvokeOutput(payload: unknown): Record<string, unknown> {
  const len = String(Buffer.byteLength(JSON.stringify(payload ?? null)));
  const requestId = '00000000-0000-0000-0000-000000000000';
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [len],
        Date: ['Thu, 01 Jan 1970 00:00:00 GMT'],
        'X-Amzn-Trace-Id': ['Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0'],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Length': len,
        'Content-Type': 'application/json',
        Date: 'Thu, 01 Jan 1970 00:00:00 GMT',
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
        'X-Amzn-Trace-Id': 'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}
