import { notApplicable } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';

/**
 * What a check of the current connector says when it is not installed. These checks read the
 * connectorInstall fact rather than depend on NDES-CON-001: that check also fails for a retired
 * connector left installed beside the current one, and the leftover must not hide stopped services,
 * a disabled SCEP feature or a bad proxy of the connector that does the work.
 */
export function noCurrentConnector(): Outcome {
  return notApplicable('The Certificate Connector for Microsoft Intune is not installed; this check has nothing to judge (see NDES-CON-001).');
}
