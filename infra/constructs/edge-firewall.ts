// The web ACL in front of the API's CloudFront distribution (AWS WAF, scope CLOUDFRONT, so it lives
// in us-east-1): a rate-based rule per source address on submissions, and two AWS managed rule
// groups. The local API gateway applies the same rate rule, read back from this template.
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Submissions per client address over the evaluation window. A form takes a person minutes to fill
 * in: ten a minute per address leaves room for an office behind one NAT, and stops one client well
 * before it drains the route's shared throttle (burst 20). WAF's lowest allowed limit is 10; its
 * windows are 60, 120, 300 or 600 seconds.
 */
export const SUBMISSION_RATE_RULE = {
  name: 'submissions-per-ip',
  limit: 10,
  evaluationWindowSec: 60,
  method: 'POST',
  /** The path of POST /forms/{formId}/submissions, as WAF sees it behind CloudFront. */
  pathPattern: '^/forms/[^/]+/submissions$',
} as const;

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const rule = SUBMISSION_RATE_RULE;
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Casework API edge: per-address rate on submissions, AWS managed common and known-bad-input rules',
      visibilityConfig: visibility('casework-edge'),
      rules: [
        {
          name: rule.name,
          priority: 0,
          // 429 as API Gateway's own throttle answers, rather than WAF's default 403.
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: rule.limit,
              evaluationWindowSec: rule.evaluationWindowSec,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    {
                      byteMatchStatement: {
                        fieldToMatch: { method: {} },
                        positionalConstraint: 'EXACTLY',
                        searchString: rule.method,
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                    {
                      regexMatchStatement: {
                        fieldToMatch: { uriPath: {} },
                        regexString: rule.pathPattern,
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility(rule.name),
        },
        {
          name: 'aws-common',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Submissions may be up to 64 KiB (README): the group's 8 KB body limit only counts.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('aws-common'),
        },
        {
          name: 'aws-known-bad-inputs',
          priority: 2,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
          visibilityConfig: visibility('aws-known-bad-inputs'),
        },
      ],
    });
  }
}
