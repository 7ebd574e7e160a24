import type { DemoStep } from '../demo.js';
import { startMailServer } from '../mail-server.js';

/** Starts a real SMTP server on loopback: the CRM's email plugin delivers to it. */
export const startMailServerStep: DemoStep = {
  title: 'Start a local SMTP server',
  async run(demo) {
    const mail = await startMailServer();
    demo.mail = mail;
    demo.cleanups.push(() => mail.close());
    demo.say(`smtp-server listening on 127.0.0.1:${mail.port}`);
  },
};
