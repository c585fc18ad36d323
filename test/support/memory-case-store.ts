// An in-memory CaseActionStore for the unit tests of a programme's case actions: the case as the
// table would hold it (optimistic version), its task items, and the history events written.
import type { CaseActionStore, CaseChangeExtras } from '../../domain/cases/case-actions.ts';
import type { CaseEvent, CaseRecord } from '../../domain/cases/model.ts';
import type { TaskRecord } from '../../domain/tasks/model.ts';

export class MemoryCaseStore implements CaseActionStore {
  events: CaseEvent[] = [];
  constructor(
    public record: CaseRecord,
    public tasks: TaskRecord[] = [],
  ) {}
  async getCase(id: string) {
    return id === this.record.caseId ? structuredClone(this.record) : undefined;
  }
  async getTask(taskId: string) {
    return this.tasks.find((t) => t.taskId === taskId);
  }
  async openTasksOfCase() {
    return [];
  }
  async awaitedTasksOfCase() {
    return [];
  }
  async updateCase(found: CaseRecord, changes: Partial<CaseRecord>, event: CaseEvent, extra?: CaseChangeExtras) {
    if (found.version !== this.record.version) return false;
    this.record = { ...this.record, ...changes, version: this.record.version + 1 };
    for (const attribute of extra?.removals ?? []) delete this.record[attribute];
    this.events.push(event);
    return true;
  }
}
