export {
  type FailureRule,
  type ParsedRequest,
  ProviderServer,
  type Reply,
  type SimulatedFailure,
} from './provider-server.js';
export { signedTwilioRequest, signedVonageRequest } from './signed-requests.js';
export { type ReceivedTwilioMessage, TwilioTestServer } from './twilio-server.js';
export { type ReceivedVonageMessage, VonageTestServer } from './vonage-server.js';
