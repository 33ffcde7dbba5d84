import { invalid } from '../../domain/errors.ts';
import { checkImageTriggerFields, FIELD_LABELS, type ImageTriggerField, type ImageTriggerFields } from '../../domain/image-trigger.ts';
import { compileCondition } from '../../domain/image-trigger-condition.ts';

/**
 * Checks a trigger's settings before they are written (create and modify share it): every field error at once,
 * as one VALIDATION_FAILED naming each field by what it is; then the condition (VALIDATION_FAILED or
 * CONDITION_REGEX_INVALID). The cluster's existence is the store's foreign key (CLUSTER_NOT_FOUND).
 */
export function validateImageTrigger(fields: ImageTriggerFields): void {
  const errors = checkImageTriggerFields(fields);
  if (errors.length > 0) {
    const sentences = errors.map((e) => `${FIELD_LABELS[e.pointer.replace('/body/', '') as ImageTriggerField]} ${e.detail}`);
    throw invalid(`The image trigger is not valid: ${sentences.join('; ')}.`, errors);
  }
  compileCondition(fields.condition, '/body/condition/expr');
}
