import { startSmtpServer } from '@rapport/messaging-email/testing';
import { TwilioTestServer } from '@rapport/messaging-sms/testing';
import type { DemoStep } from '../demo.js';
import { DEMO_TWILIO } from '../plugins.js';

/**
 * Starts a real SMTP server on loopback (the email plugin delivers to it) and a real HTTP server
 * speaking Twilio's REST API (auth, form fields, Message resources; the SMS plugin posts to it).
 */
export const startMailServerStep: DemoStep = {
  title: 'Start a local SMTP server and a local SMS provider',
  async run(demo) {
    const mail = await startSmtpServer();
    demo.mail = mail;
    demo.cleanups.push(() => mail.close());
    demo.say(`smtp-server listening on 127.0.0.1:${mail.port}`);
    const sms = await new TwilioTestServer(DEMO_TWILIO).start();
    demo.sms = sms;
    demo.cleanups.push(() => sms.close());
    demo.say(`Twilio-protocol SMS server listening on ${sms.url}`);
  },
};
