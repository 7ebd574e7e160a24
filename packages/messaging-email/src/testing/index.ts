/**
 * Test helpers of the email channel (`@rapport/messaging-email/testing`): a real local SMTP server
 * that records what it receives, for tests and demos. Needs the optional peers `smtp-server` and
 * `mailparser`.
 */
export {
  type Behaviour,
  type Decide,
  type ReceivedMail,
  startSmtpServer,
  type TestSmtpServer,
} from './smtp-server.js';
