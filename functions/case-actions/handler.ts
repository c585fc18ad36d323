// Invoked by workflows between human steps: stage changes, closure, timeouts, check-ins.
import * as z from 'zod';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { optionalEnv, requiredEnv } from '../commons/config.ts';
import { logger, metrics } from '../commons/powertools.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { attentionInput, flagAttention, resolveAttention } from '../../domain/cases/attention.ts';
import { closeCase, expireStep, recordCheckIn, recordExecution, reintegrationContext, setStage } from '../../domain/cases/case-actions.ts';
import {
  planContext,
  planServices,
  provisionalRiskOfCase,
  recordAssessment,
  recordBiaApproval,
  recordBid,
  recordRiskLevel,
  recordService,
} from '../../domain/protection/case-actions.ts';
import { BID_RECOMMENDATIONS, VULNERABILITY_CATEGORIES } from '../../domain/protection/steps.ts';
import { RISK_LEVELS } from '../../domain/protection/risk.ts';
import { NOT_DELIVERED_REASONS } from '../../domain/protection/services.ts';
import {
  recordYouthExit,
  recordYouthFollowUp,
  recordYouthMilestone,
  recordYouthOrientation,
  recordYouthProgressNotRecorded,
  youthContext,
} from '../../domain/youth-employability/youth-case-actions.ts';
import {
  capacityContext,
  recordCapacityActivities,
  recordCapacityPlan,
  recordCapacityReassessment,
} from '../../domain/youth-employability/capacity-case-actions.ts';
import { REASSESSMENT_MONTHS } from '../../domain/youth-employability/capacity-steps.ts';
import { recordNeedValidation } from '../../domain/migration-development/need-case-actions.ts';
import { listExpert } from '../../domain/migration-development/expert-actions.ts';
import {
  recordReturnArrival,
  recordReturnFollowUp,
  recordReturnOpportunity,
  recordReturnPlan,
  returnContext,
  RETURN_FOLLOW_UPS,
} from '../../domain/migration-development/return-case-actions.ts';
import { confirmMatch, matchCandidates, propose, recordMatchAnswers } from '../../domain/migration-development/match-case-actions.ts';
import { DynamoRegisterStore } from '../adapters/dynamodb/register-store.ts';
import { DynamoReturneeStore } from '../adapters/dynamodb/returnee-store.ts';
import {
  assignmentContext,
  recordAssignmentCheck,
  recordAssignmentPreparation,
  recordAssignmentReporting,
  recordAssignmentStalled,
  recordAssignmentStart,
} from '../../domain/migration-development/assignment-case-actions.ts';
import { DynamoAssignmentStore } from '../adapters/dynamodb/assignment-store.ts';

const store = new DynamoCaseStore(documentClient, requiredEnv('TABLE_NAME'));
// Read the clock at each call: the local runtime may replace it.
const register = new DynamoRegisterStore(documentClient, requiredEnv('TABLE_NAME'));
const assignments = new DynamoAssignmentStore(documentClient, requiredEnv('TABLE_NAME'));
const returnees = new DynamoReturneeStore(documentClient, requiredEnv('TABLE_NAME'));
const deps = { store, register, registerIndex: register, returneeIndex: returnees, assignments, now: () => clock.now() };

const action = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('stage'),
    caseId: z.uuid(),
    stage: z.string().min(1),
    phase: z.string().optional(),
    /** The execution recording itself on the case as it starts ($states.context.Execution.Name). */
    executionName: z.string().min(1).max(80).optional(),
    departed: z.boolean().optional(),
    /** The departure's day as the caseworker entered it (AVRR). */
    departedOn: z.iso.date().optional(),
    /** The arrival's day as the caseworker entered it (AVRR; null when nobody recorded it). */
    arrivedOn: z.iso.date().nullish(),
  }),
  z.object({
    action: z.literal('execution'),
    caseId: z.uuid(),
    phase: z.string().min(1),
    /** The execution recording itself on the case as it starts ($states.context.Execution.Name). */
    executionName: z.string().min(1).max(80),
  }),
  z.object({
    action: z.literal('close'),
    caseId: z.uuid(),
    reason: z.string().min(1),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    action: z.literal('expire-step'),
    caseId: z.uuid(),
    step: z.string().min(1),
    taskId: z.string().optional(),
    serviceId: z.uuid().optional(),
  }),
  z.object({
    action: z.literal('record-check-in'),
    caseId: z.uuid(),
    checkIn: z.string().min(1),
    outcome: z.enum(['completed', 'unreachable', 'missed']),
    taskId: z.string().optional(),
    completedBy: z.string().optional(),
  }),
  z.object({ action: z.literal('reintegration-context'), caseId: z.uuid() }),
  // Every programme's workflows (workflows/attention.ts, domain/cases/attention.ts).
  attentionInput.extend({ action: z.literal('flag-attention') }),
  z.object({
    action: z.literal('resolve-attention'),
    caseId: z.uuid(),
    flagId: z.string().min(1).max(300),
    outcome: z.enum(['retry', 'close']),
    taskId: z.string().min(1),
    completedBy: z.string().optional(),
  }),
  // Protection (domain/protection/case-actions.ts).
  z.object({ action: z.literal('provisional-risk'), caseId: z.uuid() }),
  z.object({
    action: z.literal('record-risk-level'),
    caseId: z.uuid(),
    riskLevel: z.enum(RISK_LEVELS),
    completedBy: z.string().optional(),
  }),
  z.object({
    action: z.literal('record-assessment'),
    caseId: z.uuid(),
    categories: z.array(z.enum(VULNERABILITY_CATEGORIES)).min(1),
    completedBy: z.string().optional(),
  }),
  z.object({ action: z.literal('record-bia-approval'), caseId: z.uuid(), completedBy: z.string().optional() }),
  z.object({
    action: z.literal('record-bid'),
    caseId: z.uuid(),
    recommendation: z.enum(BID_RECOMMENDATIONS),
    panelDate: z.iso.date(),
    implementationDate: z.iso.date(),
    completedBy: z.string().optional(),
  }),
  z.object({ action: z.literal('plan-context'), caseId: z.uuid() }),
  z.object({
    action: z.literal('plan-services'),
    caseId: z.uuid(),
    planTaskId: z.string().min(1),
    approvedAt: z.iso.datetime({ offset: true }),
    approvedBy: z.string().optional(),
  }),
  z.object({
    action: z.literal('record-service'),
    caseId: z.uuid(),
    serviceId: z.uuid(),
    decision: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('delivered'), deliveredOn: z.iso.date(), deliveredBy: z.enum(['staff', 'partner']) }),
      z.object({ outcome: z.literal('not-delivered'), reasonCode: z.enum(NOT_DELIVERED_REASONS) }),
      z.object({ outcome: z.literal('timed-out') }),
    ]),
    completedBy: z.string().optional(),
  }),
  // Youth track (domain/youth-employability/youth-case-actions.ts): the decisions are read from their task items.
  z.object({ action: z.literal('youth-context'), caseId: z.uuid() }),
  z.object({
    action: z.enum(['record-youth-orientation', 'record-youth-milestone', 'record-youth-exit']),
    caseId: z.uuid(),
    taskId: z.string().min(1),
    completedBy: z.string().optional(),
  }),
  z.object({
    action: z.literal('record-youth-progress-not-recorded'),
    caseId: z.uuid(),
    // The round that timed out (`{executionName}#{round}`): a retry counts nothing.
    round: z.string().max(200).optional(),
  }),
  z.object({
    action: z.literal('record-youth-follow-up'),
    caseId: z.uuid(),
    followUp: z.enum(['follow-up-3', 'follow-up-6']),
    outcome: z.enum(['recorded', 'missed']),
    taskId: z.string().optional(),
    completedBy: z.string().optional(),
  }),
  // Association capacity building (domain/youth-employability/capacity-case-actions.ts).
  z.object({ action: z.literal('capacity-context'), caseId: z.uuid() }),
  z.object({
    action: z.literal('record-capacity-plan'),
    caseId: z.uuid(),
    planTaskId: z.string().min(1),
    approvedAt: z.iso.datetime({ offset: true }),
    approvedBy: z.string().optional(),
    reassessmentAfterMonths: z.int().min(REASSESSMENT_MONTHS.min).max(REASSESSMENT_MONTHS.max),
  }),
  z.object({
    action: z.literal('record-capacity-activities'),
    caseId: z.uuid(),
    taskId: z.string().min(1),
    completedBy: z.string().optional(),
  }),
  z.object({
    action: z.literal('record-capacity-reassessment'),
    caseId: z.uuid(),
    taskId: z.string().min(1),
    completedBy: z.string().optional(),
  }),
  // Host institutions' needs (domain/migration-development/need-case-actions.ts): the decision is read from its task item.
  z.object({
    action: z.literal('record-need-validation'),
    caseId: z.uuid(),
    taskId: z.string().min(1),
    completedBy: z.string().optional(),
  }),
  // Diaspora experts (domain/migration-development/expert-actions.ts): the verification read from its task item.
  z.object({ action: z.literal('list-expert'), caseId: z.uuid(), taskId: z.string().min(1) }),
  // Matching a need (domain/migration-development/match-case-actions.ts), experts' assignments
  // (assignment-case-actions.ts) and the return of qualified nationals (return-case-actions.ts):
  // decisions read from their task items.
  z.object({ action: z.literal('match-candidates'), caseId: z.uuid() }),
  z.object({ action: z.literal('assignment-context'), caseId: z.uuid() }),
  z.object({ action: z.literal('return-context'), caseId: z.uuid() }),
  z.object({
    action: z.enum([
      'propose',
      'record-match-answers',
      'confirm-match',
      'record-assignment-preparation',
      'record-assignment-start',
      'record-return-opportunity',
      'record-return-arrival',
    ]),
    caseId: z.uuid(),
    taskId: z.string().min(1),
    completedBy: z.string().optional(),
    /** propose: the workflow's round (the search the shortlist comes from). */
    round: z.number().int().min(1).optional(),
  }),
  z.object({
    action: z.literal('record-assignment-check'),
    caseId: z.uuid(),
    check: z.enum(['midterm', 'end']),
    taskId: z.string().min(1),
    completedBy: z.string().optional(),
  }),
  z.object({
    action: z.literal('record-assignment-reporting'),
    caseId: z.uuid(),
    part: z.enum(['report', 'feedback']),
    outcome: z.enum(['received', 'not-received']),
    rounds: z.int().min(1).max(10),
    taskId: z.string().min(1).optional(),
  }),
  z.object({ action: z.literal('record-assignment-stalled'), caseId: z.uuid(), step: z.string().min(1) }),
  z.object({
    action: z.literal('record-return-plan'),
    caseId: z.uuid(),
    planTaskId: z.string().min(1),
    approvalTaskId: z.string().min(1),
    approvedBy: z.string().optional(),
  }),
  z.object({
    action: z.literal('record-return-follow-up'),
    caseId: z.uuid(),
    followUp: z.enum(RETURN_FOLLOW_UPS),
    outcome: z.enum(['recorded', 'missed']),
    taskId: z.string().optional(),
    completedBy: z.string().optional(),
  }),
]);

export const handler = workflowHandler(action, async (request) => {
  logger.info('case action', { caseId: request.caseId, action: request.action });
  switch (request.action) {
    case 'stage':
      await setStage(request, deps);
      return { ok: true };
    case 'execution':
      await recordExecution(request, deps);
      return { ok: true };
    case 'close':
      await closeCase(request, deps);
      return { ok: true };
    case 'expire-step':
      await expireStep(request, deps);
      return { ok: true };
    case 'record-check-in':
      return { score: (await recordCheckIn(request, deps)) ?? null };
    case 'reintegration-context':
      return reintegrationContext(request.caseId, deps);
    case 'flag-attention': {
      const { flagged, programme, ...answer } = await flagAttention(request, deps);
      if (flagged) {
        // Its own EMF document, so that the dimensions are this programme's and this stage's only
        // (the alarm's metric: one stage's flags never trip another stage's alarm in the same account).
        const single = metrics.singleMetric();
        single.addDimension('programme', programme);
        single.addDimension('stage', optionalEnv('STAGE') ?? 'local');
        single.addMetric('CaseNeedsAttention', MetricUnit.Count, 1);
      }
      logger.warn('case needs attention', { caseId: request.caseId, state: request.state, flagged });
      return answer;
    }
    case 'resolve-attention':
      // The outcome the workflow follows (a retry is refused once the case has none left).
      return resolveAttention(request, deps);
    case 'provisional-risk':
      return provisionalRiskOfCase(request, deps);
    case 'record-risk-level':
      await recordRiskLevel(request, deps);
      return { ok: true };
    case 'record-assessment':
      return recordAssessment(request, deps);
    case 'record-bia-approval':
      await recordBiaApproval(request, deps);
      return { ok: true };
    case 'record-bid':
      await recordBid(request, deps);
      return { ok: true };
    case 'plan-context':
      return planContext(request, deps);
    case 'plan-services':
      return planServices(request, deps);
    case 'record-service':
      await recordService(
        { caseId: request.caseId, serviceId: request.serviceId, completedBy: request.completedBy, ...request.decision },
        deps,
      );
      return { ok: true };
    case 'youth-context':
      return youthContext(request, deps);
    case 'record-youth-orientation':
      await recordYouthOrientation(request, deps);
      return { ok: true };
    case 'record-youth-milestone':
      await recordYouthMilestone(request, deps);
      return { ok: true };
    case 'record-youth-exit':
      await recordYouthExit(request, deps);
      return { ok: true };
    case 'record-youth-progress-not-recorded':
      await recordYouthProgressNotRecorded(request, deps);
      return { ok: true };
    case 'record-youth-follow-up':
      return recordYouthFollowUp(request, deps);
    case 'capacity-context':
      return capacityContext(request, deps);
    case 'record-capacity-plan':
      return recordCapacityPlan(request, deps);
    case 'record-capacity-activities':
      await recordCapacityActivities(request, deps);
      return { ok: true };
    case 'record-capacity-reassessment':
      return recordCapacityReassessment(request, deps);
    case 'record-need-validation':
      await recordNeedValidation(request, deps);
      return { ok: true };
    case 'list-expert':
      return listExpert(request, deps);
    case 'match-candidates':
      return matchCandidates(request, deps);
    case 'propose':
      return propose(request, deps);
    case 'record-match-answers':
      return recordMatchAnswers(request, deps);
    case 'confirm-match':
      return confirmMatch(request, deps);
    case 'assignment-context':
      return assignmentContext(request, deps);
    case 'record-assignment-preparation':
      return recordAssignmentPreparation(request, deps);
    case 'record-assignment-start':
      return recordAssignmentStart(request, deps);
    case 'record-assignment-check':
      return recordAssignmentCheck(request, deps);
    case 'record-assignment-reporting':
      await recordAssignmentReporting(request, deps);
      return { ok: true };
    case 'record-assignment-stalled':
      await recordAssignmentStalled(request, deps);
      return { ok: true };
    case 'return-context':
      return returnContext(request, deps);
    case 'record-return-opportunity':
      await recordReturnOpportunity(request, deps);
      return { ok: true };
    case 'record-return-arrival':
      await recordReturnArrival(request, deps);
      return { ok: true };
    case 'record-return-plan':
      await recordReturnPlan(request, deps);
      return { ok: true };
    case 'record-return-follow-up':
      await recordReturnFollowUp(request, deps);
      return { ok: true };
  }
});
