// Errors as the Open Badges API answers them (spec §6, Imsx_StatusInfo).
import type { Response } from 'express';

export type ImsxCodeMinor =
  | 'forbidden'
  | 'invalid_data'
  | 'invalid_query_parameter'
  | 'not_allowed'
  | 'unknown'
  | 'server_busy'
  | 'unauthorizedrequest'
  | 'internal_server_error';

/** An API failure: its HTTP status, its code minor and a description for the client's developer. */
export class ObApiError extends Error {
  constructor(
    readonly status: number,
    readonly codeMinor: ImsxCodeMinor,
    description: string,
  ) {
    super(description);
  }
}

export function imsxStatusInfo(codeMinor: ImsxCodeMinor, description: string) {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_codeMinor: {
      imsx_codeMinorField: [
        { imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor },
      ],
    },
  };
}

export function sendImsxError(res: Response, error: ObApiError) {
  res.status(error.status).json(imsxStatusInfo(error.codeMinor, error.message));
}
