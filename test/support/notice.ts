// The notice a test submission records: the configuration tests use, shown in French.
import type { SubmitFormCommand } from '../../domain/intake/submit-form.ts';

export const TEST_NOTICE_CONFIG = {
  controllerName: 'Mission de test',
  dataProtectionContact: 'dpo@test.example',
  cndpReference: 'D-GC-123/2026',
};

export const testNotice: SubmitFormCommand['notice'] = { config: TEST_NOTICE_CONFIG, language: 'fr', languageSource: 'accept-language' };
