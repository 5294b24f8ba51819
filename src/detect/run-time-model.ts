/**
 * The model an agent runs when the code works it out at run time (a parameter, a setting, an environment variable):
 * the Python and TS/JS detectors link it for a computed value they see, the model build for a name no file resolves.
 * One provider name, so all of them are the one component `model:unknown`.
 */
export const RUN_TIME_PROVIDER = 'unknown';
