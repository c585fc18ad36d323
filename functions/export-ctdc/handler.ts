// GET /indicators/ctdc-export?fromYear=&toYear= — the trafficking data in the shape of the Counter
// Trafficking Data Collaborative's public data (domain/indicators/ctdc.ts): one row per victim case,
// de-identified by the stream consumer as the case changed (no id, name, exact date or free text),
// rows whose age band, sex, citizenship and year are shared by fewer than k (the small-cell
// threshold) generalised or dropped. CSV. Supervisors and administrators only: the file is meant
// to leave the mission.
import { documentClient } from '../commons/clients.ts';
import { optionalEnv, requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { ctdcExportQuerySchema } from '../commons/api-schemas.ts';
import { csv, toCsv } from '../commons/csv.ts';
import { smallCellThreshold } from '../commons/indicator-config.ts';
import { DynamoIndicatorStore } from '../adapters/dynamodb/indicator-store.ts';
import { CTDC_COLUMNS, ctdcExport } from '../../domain/indicators/ctdc.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';

const store = new DynamoIndicatorStore(documentClient, requiredEnv('TABLE_NAME'));
const k = smallCellThreshold(optionalEnv('INDICATOR_SMALL_CELL_THRESHOLD'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const parsed = ctdcExportQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  if (!hasAnyRole(principal, 'supervisor', 'admin')) throw new HttpProblem(403, 'ctdcExportNotAllowed');
  const { fromYear, toYear } = parsed.data;
  const { rows } = ctdcExport(await store.ctdcRows(fromYear, toYear), k);
  // The column names are CTDC's own (English), so that the file joins the global data as it is.
  const body = toCsv(
    CTDC_COLUMNS,
    rows.map((row) => CTDC_COLUMNS.map((column) => row[column])),
  );
  return csv(body, `ctdc-${fromYear}-${toYear}.csv`, language);
});
